// `npm test`: the whole suite — typecheck, lint, unit and integration tests, e2e in Chromium.

import { ensureChromium } from './chromium.mjs';
import { ensureRedisServer } from './redis.mjs';
import { build, install, pnpmRun } from './toolchain.mjs';

install();
build();
pnpmRun(['run', 'typecheck']);
pnpmRun(['run', 'lint']);
ensureRedisServer();
pnpmRun(['run', 'test:unit']);
const chromium = ensureChromium();
pnpmRun(['run', 'test:e2e'], { env: { CHROMIUM_PATH: chromium } });
