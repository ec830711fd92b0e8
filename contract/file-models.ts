import { z } from 'zod';
import { pageOf, pageQuery } from './paging';

/** A file in the library that agents can be sent (`DeployFile`). Its id is the SHA-256 of its bytes. */
export const FileView = z.object({
  id: z.string(),
  name: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
});
export type FileView = z.infer<typeof FileView>;

export const FileName = z
  .string()
  .trim()
  .min(1, 'give the file a name (?name=…)')
  .max(255)
  .refine((name) => !name.includes('/') && !name.includes('\\') && !name.includes(String.fromCharCode(0)), 'a file name must not contain /, \\ or a NUL');

/** `POST /api/files?name=…` with the file's bytes as the body. */
export const UploadFileInput = z.object({ name: FileName, content: z.instanceof(Uint8Array, { message: 'send the file as the request body' }) }).strict();

export const FilesQuery = pageQuery();
export const FilePage = pageOf(FileView);
export const FileIdInput = z.object({ id: z.string().min(1).max(100) }).strict();
