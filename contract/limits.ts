/** The largest file the library takes in one upload (512 MiB). */
export const maxUploadBytes = 512 * 1024 * 1024;
