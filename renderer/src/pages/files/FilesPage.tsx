import { useRef, useState } from 'react';
import type { FileView } from '../../../../contract/file-models';
import { maxUploadBytes } from '../../../../contract/limits';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { ListStatus } from '../../components/ListStatus';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../components/time-format';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { bytesText } from '../device/json-display';

/** The file library: what can be deployed to PCs that run the agent. */
export function FilesPage() {
  const files = useLanyard((s) => s.files);
  const { uploadFile, deleteFile } = useActions();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [deleting, setDeleting] = useState<FileView | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setMessage(null);
    if (file.size > maxUploadBytes) {
      setMessage({ tone: 'error', text: `${file.name} is ${bytesText(file.size)}; the library takes files up to ${bytesText(maxUploadBytes)}.` });
      return;
    }
    setBusy(true);
    try {
      const stored = await uploadFile(file.name, new Uint8Array(await file.arrayBuffer()));
      setMessage({ tone: 'success', text: `${stored.name} (${bytesText(stored.size)}) is in the library. Deploy it from a PC's page.` });
    } catch (error) {
      setMessage({ tone: 'error', text: `${file.name} was not uploaded. ${errorText(error)}` });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const remove = async () => {
    if (!deleting) return;
    setDeleteError(null);
    try {
      await deleteFile(deleting.id);
      setMessage({ tone: 'success', text: `${deleting.name} was deleted from the library. Copies already on PCs stay.` });
      setDeleting(null);
    } catch (error) {
      setDeleteError(errorText(error));
    }
  };

  return (
    <div className="page files-page">
      <PageHeader title="Files">
        <p>Files Lanyard can send to PCs that run the agent: handbooks, templates, scripts. Each is kept once, by its SHA-256, and checked by the agent on arrival.</p>
      </PageHeader>
      <div className="card">
        <div className="field">
          <label htmlFor="file-upload">Upload a file</label>
          <input
            ref={input}
            id="file-upload"
            className="input"
            type="file"
            disabled={busy}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void upload(file);
            }}
          />
        </div>
        {busy && <Loading text="Uploading…" />}
        <LiveMessage message={message} />
      </div>
      <ListStatus
        list={files}
        loadingText="Loading the library…"
        empty={
          <p className="muted">The library is empty.</p>
        }
      >
        <div className="table-wrap">
          <table className="data-table file-table">
            <caption className="visually-hidden">Files in the library</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="number">
                  Size
                </th>
                <th scope="col">SHA-256</th>
                <th scope="col">Uploaded</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {files.items.map((file) => (
                <tr key={file.id} data-file-id={file.id}>
                  <th scope="row">{file.name}</th>
                  <td className="number">{bytesText(file.size)}</td>
                  <td className="mono small" title={file.sha256}>
                    {file.sha256.slice(0, 16)}…
                  </td>
                  <td className="nowrap">{formatDateTime(file.uploadedAt)}</td>
                  <td>
                    <button type="button" className="button button-danger-quiet" onClick={() => setDeleting(file)}>
                      Delete…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ListStatus>
      {deleting && (
        <ConfirmDialog title={`Delete ${deleting.name}?`} confirmLabel="Delete file" busyLabel="Deleting…" tone="danger" error={deleteError} onConfirm={() => void remove()} onCancel={() => setDeleting(null)}>
          <p>It leaves the library; deployments not yet downloaded fail. Copies already on PCs stay where they are.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
