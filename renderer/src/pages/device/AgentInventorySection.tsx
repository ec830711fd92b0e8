import type { AgentInventory } from '../../../../contract/agent-protocol';
import type { DeviceDetail } from '../../../../contract/command-models';
import { RelativeTime } from '../../components/RelativeTime';
import { bytesText } from './json-display';

function uptimeText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}

/** What a PC's agent reports of it: OS, hardware, disks, network, uptime and who is signed in. */
export function AgentInventorySection({ device }: { device: DeviceDetail }) {
  // Stored as the agent sent it, checked against AgentInventory when it arrived.
  const inventory = device.agentInventory as AgentInventory | null;
  return (
    <section className="card device-section" aria-labelledby="agent-inventory-title">
      <div className="card-head">
        <h2 id="agent-inventory-title">Inventory</h2>
        <span className="muted">
          Updated <RelativeTime iso={device.inventoryAt} none="never" />
        </span>
      </div>
      {!inventory ? (
        <p className="muted">The agent has not sent its inventory yet; it does when it connects.</p>
      ) : (
        <>
          <dl className="details">
            <div>
              <dt>Host name</dt>
              <dd>{inventory.hostname}</dd>
            </div>
            <div>
              <dt>Operating system</dt>
              <dd>
                {inventory.os.name} {inventory.os.version}
              </dd>
            </div>
            <div>
              <dt>Serial number</dt>
              <dd className="mono">{device.serialNumber || '—'}</dd>
            </div>
            <div>
              <dt>Processor</dt>
              <dd>
                {inventory.cpu.model || '—'} ({inventory.cpu.cores} {inventory.cpu.cores === 1 ? 'core' : 'cores'})
              </dd>
            </div>
            <div>
              <dt>Memory</dt>
              <dd>{bytesText(inventory.memoryBytes)}</dd>
            </div>
            <div>
              <dt>Up for</dt>
              <dd>{uptimeText(inventory.uptimeSeconds)}</dd>
            </div>
            <div>
              <dt>Signed-in user</dt>
              <dd>{inventory.loggedInUser || '—'}</dd>
            </div>
            <div>
              <dt>Agent version</dt>
              <dd>{inventory.agentVersion}</dd>
            </div>
          </dl>
          <h3>Disks</h3>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">Mount</th>
                <th scope="col" className="number">
                  Size
                </th>
                <th scope="col" className="number">
                  Free
                </th>
              </tr>
            </thead>
            <tbody>
              {inventory.disks.map((disk) => (
                <tr key={disk.mount}>
                  <th scope="row" className="mono">
                    {disk.mount}
                  </th>
                  <td className="number">{bytesText(disk.sizeBytes)}</td>
                  <td className="number">{bytesText(disk.freeBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Network</h3>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">Interface</th>
                <th scope="col">MAC</th>
                <th scope="col">Addresses</th>
              </tr>
            </thead>
            <tbody>
              {inventory.interfaces.map((face) => (
                <tr key={face.name}>
                  <th scope="row">{face.name}</th>
                  <td className="mono">{face.mac}</td>
                  <td className="mono small">{face.addresses.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
