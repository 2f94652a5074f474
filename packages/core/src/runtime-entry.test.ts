import { expect, it } from 'vitest';
import * as main from './index.js';
import * as runtimeEntry from './runtime/index.js';

it('the main entry holds what an app author writes with, and nothing of the runtime', () => {
  expect(Object.keys(main).sort()).toEqual([
    'Form',
    'HOOK_NAMES',
    'JS',
    'KineticError',
    'LiveComponent',
    'LiveRender',
    'VIEW_ERROR_CHANNEL',
    'attrs',
    'defineComponent',
    'definePlugin',
    'defineView',
    'each',
    'form',
    'html',
    'isNotFound',
    'isPresenceDiff',
    'isView',
    'live',
    'liveRender',
    'notFound',
    'raw',
    'secretFromEnv',
    'syncPresence',
  ]);
});

it('@kinetic/core/runtime holds what transports, harnesses and the dev server drive', () => {
  expect(Object.keys(runtimeEntry).sort()).toEqual([
    'CLOSE_CODES',
    'HookSet',
    'LiveChannels',
    'LiveRuntime',
    'LiveSession',
    'MemoryPresence',
    'MemoryPubSub',
    'Presence',
    'PubSub',
    'SECURITY_CODES',
    'SessionRegistry',
    'VIEW_JOINED_CHANNEL',
    'ViewInstance',
    'clientStuckError',
    'compileRoute',
    'decodeValue',
    'encodeValue',
    'fireHooks',
    'frameTooLargeError',
    'newCsrfToken',
    'paramsOf',
    'pluginName',
    'reportError',
    'reportPanic',
    'sessionUnknownError',
  ]);
});
