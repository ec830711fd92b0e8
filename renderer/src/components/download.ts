/** Saves bytes or text as a file through the browser's download (the desktop app's window handles it the same way). */
export function downloadFile(fileName: string, contents: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof contents === 'string' ? new Blob([contents], { type }) : contents;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A call's binary answer ({ contentType, base64 }) as a Blob. */
export function blobFromBase64(base64: string, contentType: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: contentType });
}

/** A file picked by the admin, as text (PEM) or as base64 (.p12). */
export function readFile(file: File, as: 'text' | 'base64'): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.onload = () => {
      const result = reader.result;
      if (typeof result !== 'string') return reject(new Error(`could not read ${file.name}`));
      // A data URL: "data:<type>;base64,<data>".
      resolve(as === 'base64' ? result.slice(result.indexOf(',') + 1) : result);
    };
    if (as === 'base64') reader.readAsDataURL(file);
    else reader.readAsText(file);
  });
}
