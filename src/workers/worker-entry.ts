import { parentPort, workerData } from 'node:worker_threads';
import { serialiseError, type TaskRegistry } from './pool.js';

/**
 * Entry of a worker thread of the cell pool (workers.ts): load the task registry named by the
 * parent, then run one cell per message and post its result (or its error) back with its index.
 */
const { registryUrl } = workerData as { registryUrl: string };
const registry: Promise<TaskRegistry> = import(registryUrl).then((m: { tasks: TaskRegistry }) => m.tasks);

parentPort?.on('message', async (msg: { index: number; task: string; payload: unknown }) => {
  try {
    const tasks = await registry;
    const fn = tasks[msg.task];
    if (!fn) throw new Error(`no task named "${msg.task}" in ${registryUrl}`);
    const result = await fn(msg.payload);
    parentPort?.postMessage({ index: msg.index, ok: true, result });
  } catch (err) {
    parentPort?.postMessage({ index: msg.index, ok: false, error: serialiseError(err) });
  }
});
