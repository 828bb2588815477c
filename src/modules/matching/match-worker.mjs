// Worker-thread entry of the parallel roll reader: loads the TypeScript sources through tsx
// (hooks registered in the main thread do not reach worker threads) and runs match-worker-main.ts.
import { register } from 'tsx/esm/api';

register();
await import('./match-worker-main.ts');
