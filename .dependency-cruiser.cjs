/**
 * Import rules, checked by `npm run lint:deps` (part of `npm run lint`).
 *
 * - No import cycles in contract/, electron/ or renderer/.
 * - contract/ imports nothing of electron/ or renderer/; renderer/ nothing of electron/.
 * - electron/core never imports the shell (electron/main, electron/preload) or the
 *   headless entry (electron/serve.ts).
 * - The core's layers, lowest first. A module may import from its own layer or a
 *   lower one, never from a higher one; every core module belongs to a layer.
 */
const coreLayers = [
  {
    name: 'foundation',
    what: 'logging, plist, certificates and SCEP, sealing, events, the store, LAN addresses, the HTTP and device-facing servers, the MQTT broker',
    paths: ['logger\\.ts$', 'version\\.ts$', 'plist/', 'pki/', 'secrets/', 'events/', 'store/', 'system/', 'http/', 'device-server/', 'mqtt/'],
  },
  {
    name: 'services',
    what: 'one concern each: settings, activity log, office PKI, invitations, APNs client, the imported push certificate, the device model and task queue, the file library, fleets, the profile library',
    paths: ['settings/', 'activity/', 'office-pki/', 'invitations/', 'push/', 'push-certificate/', 'devices/', 'files/', 'fleets/', 'profiles/'],
  },
  {
    name: 'modules',
    what: 'enrollment, Apple MDM, the agent channel, deployments and blueprints: compose the services and register their device routes',
    paths: ['enrollment/', 'mdm/', 'agents/', 'deployments/', 'blueprints/'],
  },
  { name: 'api', what: 'the dispatcher and the call handlers', paths: ['api/'] },
  { name: 'composition', what: 'the composition root and the options the entry points parse', paths: ['lanyard-core\\.ts$', 'config/'] },
];

const inCore = (paths) => `^electron/core/(${paths.join('|')})`;

const layerRules = coreLayers.flatMap((layer, index) => {
  const higher = coreLayers.slice(index + 1);
  if (higher.length === 0) return [];
  return [
    {
      name: `core-layer-${layer.name}`,
      severity: 'error',
      comment: `electron/core ${layer.name} (${layer.what}) must not import from a higher layer: ${higher.map((h) => h.name).join(', ')}`,
      from: { path: inCore(layer.paths) },
      to: { path: inCore(higher.flatMap((h) => h.paths)) },
    },
  ];
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make modules impossible to understand, test or load on their own.',
      from: { path: '^(contract|electron|renderer)/' },
      to: { circular: true },
    },
    {
      name: 'contract-stands-alone',
      severity: 'error',
      comment: 'contract/ is shared by the core and the renderer: it imports neither.',
      from: { path: '^contract/' },
      to: { path: '^(electron|renderer)/' },
    },
    {
      name: 'agent-shares-only-the-contract',
      severity: 'error',
      comment: 'The reference agent is its own package: it shares the message schemas (contract/) with the core and nothing else.',
      from: { path: '^agent/' },
      to: { path: '^(electron|renderer|tests)/' },
    },
    {
      name: 'renderer-not-electron',
      severity: 'error',
      comment: 'The renderer talks to the core through contract/ only.',
      from: { path: '^renderer/' },
      to: { path: '^electron/' },
    },
    {
      name: 'core-not-shell',
      severity: 'error',
      comment: 'electron/core runs on plain Node: it never imports the Electron shell or the entry points.',
      from: { path: '^electron/core/' },
      to: { path: '^electron/(main/|preload/|serve\\.ts$)' },
    },
    {
      name: 'core-module-in-a-layer',
      severity: 'error',
      comment: 'Every module of electron/core belongs to one of the layers in .dependency-cruiser.cjs: add a new folder there.',
      from: { path: '^electron/core/', pathNot: inCore(coreLayers.flatMap((l) => l.paths)) },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    exclude: { path: '^tests/' },
  },
};
