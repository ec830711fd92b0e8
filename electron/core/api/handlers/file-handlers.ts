import type { FileView } from '../../../../contract/file-models';
import type { EventBus } from '../../events/event-bus';
import type { FileLibrary } from '../../files/file-library';
import { pageOfSortedIndex } from '../../store/index-page';
import type { StoredFile } from '../../store/schema';
import type { Handler } from '../dispatcher';

type Names = 'files.list' | 'files.upload' | 'files.remove';

const view = (file: StoredFile): FileView => ({ id: file.id, name: file.name, sha256: file.sha256, size: file.size, uploadedAt: file.uploadedAt });

/** The file library agents are sent files from. */
export function fileHandlers(files: FileLibrary, events: EventBus): { [K in Names]: Handler<K> } {
  return {
    'files.list': (page) => pageOfSortedIndex(files.records(), 'byName', page, { keyOf: (file: StoredFile) => [file.name, file.id], view, total: files.records().size }),
    'files.upload': async ({ name, content }, context) => {
      const file = await files.add(name, content);
      context.audit = { message: `Uploaded ${file.name} (${file.size} bytes, sha256 ${file.sha256.slice(0, 12)}…) to the file library` };
      events.emit('files.changed', view(file));
      return view(file);
    },
    'files.remove': async ({ id }, context) => {
      const file = await files.remove(id);
      context.audit = { message: `Deleted ${file.name} from the file library` };
      events.emit('files.removed', { id: file.id });
      return view(file);
    },
  };
}
