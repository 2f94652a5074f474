// A process that is present in a topic and then dies without a word (its parent SIGKILLs
// it): what a crashed node leaves in Redis. Arguments: the Redis URL, the prefix, the TTL.
import { redisPresence } from '../src/presence.js';

const [url, prefix, ttl] = process.argv.slice(2);
const presence = redisPresence({ redis: url, prefix, nodeTtlMs: Number(ttl) });
await presence.track('room:1', 'zed', { ref: 'zed-tab', name: 'Zed' });
process.send?.('tracked');
