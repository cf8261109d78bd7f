/**
 * Import boundaries between layers (VS Code's common/node/browser discipline):
 * `npm run lint` fails when a layer imports what it must not.
 */
const NODE_ONLY_PACKAGES = '^(electron|better-sqlite3|better-sqlite3-multiple-ciphers|fastify|@fastify/|fastify-type-provider-zod|kysely|ws|esbuild|vite|vitest|playwright-core|@cantoo/pdf-lib|@pdf-lib/fontkit)($|/)';

module.exports = {
  forbidden: [
    {
      name: 'shared-is-environment-free',
      comment: 'shared/ holds contracts and pure rules: no Node, DOM, Electron, or other layers; only zod.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: ['^shared/', '^node_modules/zod/'] },
    },
    {
      name: 'renderer-no-node',
      comment: 'The renderer talks only to window.ecabinet: no Node built-ins, no Node-only packages.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-node-packages',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], path: `node_modules/${NODE_ONLY_PACKAGES.slice(1)}` },
    },
    {
      name: 'renderer-only-shared',
      comment: 'The renderer may use shared/ but never the desktop services, the server or the CLI.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { path: '^(electron|server|cli)/' },
    },
    {
      name: 'only-main-and-preload-import-electron',
      comment: 'Services are plain Node so they also run behind the browser-mode host.',
      severity: 'error',
      from: { pathNot: '^electron/(main|preload)\\.ts$' },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'client-services-talk-http-not-server-code',
      comment: 'The desktop side reaches the server over HTTP only.',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^(server|renderer|cli)/' },
    },
    {
      name: 'signing-is-a-plain-library',
      comment: 'signing/ (PAdES sign and verify) is plain Node used by the server, the desktop services and the CLI.',
      severity: 'error',
      from: { path: '^signing/' },
      to: { path: '^(server|electron|renderer|cli)/' },
    },
    {
      name: 'node-shared-is-a-plain-library',
      comment: 'node-shared/ holds what the server and the desktop side both run but shared/ cannot (it needs an npm package): shared and npm only.',
      severity: 'error',
      from: { path: '^node-shared/' },
      to: { path: '^(server|electron|renderer|cli|signing)/' },
    },
    {
      name: 'server-independent-of-desktop',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(electron|renderer|cli)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      // virtual:…: modules a build plugin makes (renderer/vite-catalogues.ts), with no file to find.
      to: { couldNotResolve: true, pathNot: '^virtual:' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // Keep node_modules paths as written (the lint's own test links node_modules into a scratch folder).
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    exclude: { path: '^dist/' },
  },
};
