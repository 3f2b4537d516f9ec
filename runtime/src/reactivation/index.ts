import { definePlugin, type Plugin } from '@tessera/platform';
export function createReactivationPlugin(): Plugin { return definePlugin({ name: 'reactivation', version: '0.1.0' }); }
