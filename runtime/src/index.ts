/**
 * @tessera/runtime: sandboxed scripts (isolated-vm), workflow and approval engines. They plug into
 * the platform's save pipeline through the extension contract; see README.md for what lands here.
 */
export {};
