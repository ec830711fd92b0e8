import type { StorageStatus } from '../../../../contract/models';

const backendNames: Record<StorageStatus['backend'], string> = {
  journal: 'Data folder (embedded journal)',
  postgres: 'PostgreSQL',
  memory: 'Memory only (nothing is saved)',
};

const count = (n: number) => n.toLocaleString();

/** Where the records live and how long history is kept, so the limits are no surprise. */
export function StorageCard({ storage }: { storage: StorageStatus }) {
  const { retention, records } = storage;
  return (
    <section className="card" aria-labelledby="overview-storage">
      <h2 id="overview-storage">Records and history</h2>
      <dl className="details">
        <div>
          <dt>Stored in</dt>
          <dd>{backendNames[storage.backend]}</dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd className="mono break">{storage.location}</dd>
        </div>
        <div>
          <dt>Records</dt>
          <dd>
            {count(records.devices)} devices, {count(records.commands)} commands, {count(records.activity)} activity entries
          </dd>
        </div>
        <div>
          <dt>Activity log</dt>
          <dd>Keeps the newest {count(retention.activityEntries)} entries</dd>
        </div>
        <div>
          <dt>Command history</dt>
          <dd>
            The latest {count(retention.finishedCommandsPerDevice)} finished commands per device, each for {retention.finishedCommandDays} days after it finished
          </dd>
        </div>
      </dl>
    </section>
  );
}
