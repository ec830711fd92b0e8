/** The height of one device row in px, as devices.css fixes it for a windowed table (the bench checks the two agree). */
export const deviceRowHeight = 60;
