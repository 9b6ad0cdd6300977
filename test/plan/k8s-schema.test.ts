import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { k8sPlan, type K8sJob, type K8sOptions } from '../../src/plan/k8s-jobs.js';

/**
 * The Kubernetes manifests of `sgd-sde k8s` against the batch/v1 Job schema of the Kubernetes API:
 * the official OpenAPI schema as compiled into validators by the pinned devDependency
 * kubernetes-models (no download at test time). Its validators check types, formats, enums and
 * required fields but, like the OpenAPI schema itself, allow unknown fields; the API server refuses
 * those (kubectl's default strict field validation), so the test also requires every field of the
 * manifest to be one the schema declares: it runs the validator on a proxy of the manifest that
 * records which properties the validator reads, and any property it never reads is unknown to it.
 * Twins: a misspelt field, a wrong type and a missing required field are each caught.
 */
function unknownFields(manifest: unknown): string[] {
  const seen: { path: string; value: object; read: Set<string> }[] = [];
  const proxies = new WeakMap<object, object>();
  const track = (value: unknown, path: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const cached = proxies.get(value);
    if (cached) return cached;
    const read = new Set<string>();
    seen.push({ path, value, read });
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return v;
        read.add(key);
        return Object.hasOwn(target, key) ? track(v, `${path}/${key}`) : v;
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  // the validator itself (kubernetes-models' Job constructor would deep-copy the manifest first)
  (Job.prototype.validate as (this: unknown) => void).call(track(manifest, ''));
  return seen.flatMap(({ path, value, read }) => Object.keys(value).filter((k) => !read.has(k)).map((k) => `${path}/${k}`));
}

/** Schema errors (thrown by the validator), or [] when the manifest is valid and every field is known. */
function schemaProblems(manifest: unknown): string[] {
  try {
    return unknownFields(manifest).map((f) => `unknown field ${f}`);
  } catch (err) {
    return [(err as Error).message];
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sgd-sde-k8s-schema-'));
writeFileSync(join(dir, 'd.csv'), 'x1,y\n1,2\n');
const job: K8sJob = { name: 'collapse-linreg', scenario: join(dir, 's.json'), dataFiles: [{ at: 'model.csv', file: 'd.csv' }], seed: 7, quick: true, shards: 5 };
const options: K8sOptions = { image: 'node:20', volumeClaim: 'sgd-sde-data', parallelism: 2, cpus: 2, memory: '1200Mi', checkout: '/data/sgd-sde' };

describe('k8s manifests against the batch/v1 Job schema', () => {
  it('the Indexed Job and the merge Job are valid batch/v1 Jobs with no unknown field', () => {
    for (const opts of [options, { ...options, checkout: null, image: 'registry.example/sgd-sde:1' }]) {
      const plan = k8sPlan(job, opts);
      expect(schemaProblems(plan.shards)).toEqual([]);
      expect(schemaProblems(plan.merge)).toEqual([]);
    }
  });

  it('twin: a misspelt field, a wrong type and a missing required field are refused', () => {
    const plan = k8sPlan(job, options);
    const copy = () => JSON.parse(JSON.stringify(plan.shards));
    const misspelt = copy();
    misspelt.spec.backofLimitPerIndex = misspelt.spec.backoffLimitPerIndex;
    delete misspelt.spec.backoffLimitPerIndex;
    expect(schemaProblems(misspelt)).toEqual(['unknown field /spec/backofLimitPerIndex']);
    const deep = copy();
    deep.spec.template.spec.containers[0].comand = deep.spec.template.spec.containers[0].command;
    expect(schemaProblems(deep)).toEqual(['unknown field /spec/template/spec/containers/0/comand']);
    const wrongType = copy();
    wrongType.spec.completions = '5';
    expect(schemaProblems(wrongType).join()).toMatch(/completions must be integer/);
    const missing = copy();
    delete missing.spec.template.spec.containers[0].name;
    expect(schemaProblems(missing).join()).toMatch(/containers\/0 must have required property .?name/);
  });
});
