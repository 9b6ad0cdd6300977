import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slurmJobProblems } from '../../src/plan/slurm-scripts.js';
import { k8sJobProblems } from '../../src/plan/k8s-jobs.js';

/**
 * Job files for hostile file names run nothing injected. For scenario files, data files and output
 * directories named with `$(…)`, `;`, quotes, backticks, `$VAR`, globs and unicode, `sgd-sde slurm`
 * and `sgd-sde k8s` write their files; then the generated command lines run for real:
 *  - Slurm: the array script, the merge script and submit.sh in bash, and the printed hints in bash,
 *    with stub `sgd-sde` and `sbatch` on PATH that record their argv;
 *  - Kubernetes: each container's exec-form command after Kubernetes' own `$(VAR)` expansion (no
 *    shell, as the kubelet runs it), with a stub `node` on PATH, and the run script in bash with a
 *    stub `kubectl` (which also shows that a failed Job ends the wait with exit 1).
 * Each stub writes its argv as one JSON line; the arguments must arrive intact (one argument per
 * path, byte for byte) and no file named PWNED* may appear anywhere. A newline in a name, an option
 * with a newline or a control character, and a partition outside Slurm's characters are refused
 * (exit 2) before anything is written.
 */
const root = join(import.meta.dirname, '..', '..');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [join(root, 'bin', 'sgd-sde.js'), ...args], { cwd, encoding: 'utf8' });

const hostile = [
  'a b$(touch PWNED1);touch PWNED2.json',
  `q'"\`touch PWNED3\` $HOME \${PATH} $$.json`,
  'uni ünï 名前 ✓ * ?.json',
];

let base: string;
let stubs: string;
const record = () => join(base, 'argv.jsonl');

/** A stub command that appends its argv (JSON) to $RECORD and prints `output`. */
function stub(name: string, output = ''): void {
  const file = join(stubs, name);
  writeFileSync(file, `#!${process.execPath}\nconst fs = require('node:fs');\nfs.appendFileSync(process.env.RECORD, JSON.stringify([${JSON.stringify(name)}, ...process.argv.slice(2)]) + '\\n');\nprocess.stdout.write(${JSON.stringify(output)} + (process.env.STUB_OUTPUT ?? ''));\n`);
  chmodSync(file, 0o755);
}

function takeRecord(): string[][] {
  if (!existsSync(record())) return [];
  const lines = readFileSync(record(), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]);
  writeFileSync(record(), '');
  return lines;
}

const env = (extra: Record<string, string> = {}) => ({ ...process.env, PATH: `${stubs}:${process.env.PATH}`, RECORD: record(), ...extra });

function bash(script: string, extra: Record<string, string> = {}, cwd = base) {
  return spawnSync('bash', ['-c', script], { cwd, env: env(extra), encoding: 'utf8' });
}

/** Every file under `dir` whose name starts with PWNED (an injected command ran). */
function pwned(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('PWNED')) out.push(join(d, e.name));
      if (e.isDirectory()) walk(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

const csvName = 'd $(touch PWNED5) `x`.csv';
function writeScenario(dir: string, file: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, csvName), `x1,x2,y\n${Array.from({ length: 60 }, (_, i) => `${Math.sin(i).toFixed(4)},${Math.cos(2 * i).toFixed(4)},${Math.sin(3 * i).toFixed(4)}`).join('\n')}\n`);
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify({
    experiment: 'collapse', name: 'hostile', seed: 1,
    model: { kind: 'linear-regression', csv: csvName },
    grid: { lr: [0.01], batchSize: [4] }, run: { replicas: 8, time: 5 },
  }));
  return path;
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'sgd-sde-hostile-'));
  stubs = join(base, 'stubs');
  mkdirSync(stubs);
  stub('sgd-sde');
  stub('node');
  stub('sbatch', '4242');
  stub('kubectl');
});

describe('slurm job files for hostile names run nothing injected', () => {
  it.each(hostile)('%s', (file) => {
    const dir = join(base, `slurm ${hostile.indexOf(file)} $(touch PWNED6) 'q' "d"`);
    const scenario = writeScenario(dir, file);
    const out = join(dir, `out $(touch PWNED7) #x %j`);
    const r = cli(['slurm', scenario, '--shards', '2', '--time', '1:00', '--mem', '500M', '--out', out], dir);
    expect(r.status, r.stderr).toBe(0);
    const arrayFile = join(out, 'hostile.array.sbatch');
    const mergeFile = join(out, 'hostile.merge.sbatch');
    const array = readFileSync(arrayFile, 'utf8');
    // the directives: exactly these lines, each on its own line (nothing past them is a directive)
    expect(array.split('\n').filter((l) => l.startsWith('#SBATCH'))).toEqual([
      '#SBATCH --job-name=sgd-sde-hostile', '#SBATCH --time=1:00', '#SBATCH --cpus-per-task=1', '#SBATCH --mem=500M', '#SBATCH --ntasks=1',
      '#SBATCH --array=0-1', `#SBATCH --output="${out.replace(/"/g, '\\"').replace(/%/g, '%%')}/logs/%x-%A_%a.out"`,
    ]);
    takeRecord();
    // an array task, as Slurm starts it: bash on the script, with its environment
    let run = spawnSync('bash', [arrayFile], { cwd: dir, env: env({ SLURM_ARRAY_TASK_ID: '1', SLURM_CPUS_PER_TASK: '3' }), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(takeRecord()).toEqual([['sgd-sde', 'run', scenario, '--seed', '1', '--shard', '1/2', '--workers', '3', '--out', join(out, 'shards')]]);
    // the merge job: its glob expands to the shard files and nothing else
    for (const k of [0, 1]) writeFileSync(join(out, 'shards', `shard-${k}-of-2.json`), '{}');
    run = spawnSync('bash', [mergeFile], { cwd: dir, env: env(), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(takeRecord()).toEqual([['sgd-sde', 'merge', join(out, 'shards', 'shard-0-of-2.json'), join(out, 'shards', 'shard-1-of-2.json'), '--out', out, '--force']]);
    // submit.sh, and the printed hints, run by a shell
    run = spawnSync(join(out, 'submit.sh'), [], { cwd: dir, env: env(), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('array job 4242, merge job 4242\n');
    expect(takeRecord()).toEqual([['sbatch', '--parsable', arrayFile], ['sbatch', '--parsable', '--dependency=afterok:4242', mergeFile]]);
    const lines = r.stdout.split('\n');
    const submitLine = lines[lines.indexOf('submit with:') + 1];
    const byHand = lines[lines.indexOf('or by hand:') + 1]; // ends in a shell comment
    for (const line of [submitLine, byHand]) expect(bash(line, {}, dir).status, line).toBe(0);
    expect(takeRecord()).toEqual([['sbatch', '--parsable', arrayFile], ['sbatch', '--parsable', '--dependency=afterok:4242', mergeFile], ['sbatch', '--parsable', arrayFile]]);
    const suggestion = lines.find((l) => l.includes('add: --command '))!.split('add: ')[1];
    expect(bash(`printf '%s\\0' ${suggestion}`).stdout.split('\0').slice(0, -1)).toEqual(['--command', `node ${join(root, 'bin', 'sgd-sde.js')}`]);
    expect(pwned(base)).toEqual([]);
    expect(pwned(process.cwd())).toEqual([]);
  }, 60_000);

  it('a newline or a control character in a name or an option, and a partition outside Slurm\'s characters, are refused (exit 2)', () => {
    const dir = join(base, 'slurm-refused');
    const good = writeScenario(dir, 'ok.json');
    const newline = writeScenario(dir, 'nl\n#SBATCH --mem=1\ntouch PWNED8.json');
    const slurm: [Parameters<typeof slurmJobProblems>[0], RegExp][] = [
      [{ scenario: newline }, /its path holds a newline or a control character/],
      [{ outDir: join(dir, 'o\ntouch PWNED9') }, /the path holds a newline, a control character or a backslash/],
      [{ outDir: join(dir, 'o\\x') }, /the path holds a newline, a control character or a backslash/],
      [{ partition: 'short\n#SBATCH --time=99:00:00' }, /must be a Slurm partition name/],
      [{ partition: 'a;touch PWNED10' }, /must be a Slurm partition name/],
      [{ command: 'sgd-sde\ntouch PWNED11' }, /must be a one-line command/],
      [{ command: 'sgd-sde\u0000' }, /must be a one-line command/],
      [{ mem: '1G\n#SBATCH --x' }, /must be a Slurm memory size/],
      [{ time: '1:00\n#SBATCH --x' }, /must be a Slurm time/],
      [{ mergeTime: '1:00\r' }, /must be a Slurm time/],
    ];
    for (const [options, message] of slurm) expect(slurmJobProblems(options).map((p) => p.message).join('; '), JSON.stringify(options)).toMatch(message);
    expect(slurmJobProblems({ partition: 'short,long', time: '1-12', mergeTime: '30', mem: '4G', command: "node '/a b/sgd-sde.js'", scenario: join(dir, 'a b$(x).json'), outDir: join(dir, 'o "q" #') })).toEqual([]);
    const k8s: [Partial<Parameters<typeof k8sJobProblems>[1]>, RegExp][] = [
      [{ image: 'node:20\n- evil' }, /--image: must be a container image reference/],
      [{ volumeClaim: 'Data Claim' }, /--volume-claim: must be the name of a PersistentVolumeClaim/],
      [{ checkout: 'relative/sgd-sde' }, /--checkout: must be the absolute path/],
      [{ checkout: '/data/x\ny' }, /--checkout: must be the absolute path/],
      [{ memory: '4Gi; rm' }, /--mem: must be a Kubernetes memory quantity/],
    ];
    const job = { name: 'hostile', scenario: good, dataFiles: [], seed: 1, quick: false, shards: 2 };
    const fine = { image: 'node:20', volumeClaim: 'sgd-sde-data', memory: '4Gi', checkout: '/data/sgd-sde' };
    expect(k8sJobProblems(job, fine)).toEqual([]);
    for (const [options, message] of k8s) expect(k8sJobProblems(job, { ...fine, ...options }).map((p) => `${p.path}: ${p.message}`).join('; ')).toMatch(message);
    expect(k8sJobProblems({ ...job, scenario: newline }, fine)[0].message).toMatch(/newline or a control character/);
    // and through the CLI: exit 2, nothing written
    const cases: [string[], RegExp][] = [
      [['slurm', newline, '--shards', '2', '--out', join(dir, 'o1')], /scenario: its path holds a newline or a control character/],
      [['slurm', good, '--shards', '2', '--partition', 'short\n#SBATCH --time=99:00:00', '--out', join(dir, 'o3')], /--partition: must be a Slurm partition name/],
      [['k8s', good, '--shards', '2', '--image', 'node:20\n- evil', '--out', join(dir, 'o9')], /--image: must be a container image reference/],
    ];
    for (const [argv, message] of cases) {
      const r = cli(argv, dir);
      expect(r.status, `${JSON.stringify(argv)}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(argv[argv.indexOf('--out') + 1]), 'nothing written').toBe(false);
    }
    expect(pwned(base)).toEqual([]);
  });
});

/** What the kubelet does with command and args: $(VAR) from the container's environment, $$ → $. */
function expandK8s(arg: string, vars: Record<string, string>): string {
  return arg.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => (m === '$$' ? '$' : name !== undefined && name in vars ? vars[name] : m));
}

describe('k8s job files for hostile names run nothing injected', () => {
  it.each(hostile)('%s', (file) => {
    const dir = join(base, `k8s ${hostile.indexOf(file)} $(touch PWNED12) 'q'`);
    const scenario = writeScenario(dir, file);
    const out = join(dir, 'out $(touch PWNED13) `x`');
    const r = cli(['k8s', scenario, '--shards', '2', '--out', out], dir);
    expect(r.status, r.stderr).toBe(0);
    const podScenario = `/data/hostile/input/${file}`;
    const expected = {
      shards: ['node', '/data/sgd-sde/bin/sgd-sde.js', 'run', podScenario, '--seed', '1', '--shard', '1/2', '--workers', '1', '--out', '/data/hostile/shards'],
      merge: ['node', '/data/sgd-sde/bin/sgd-sde.js', 'merge', '/data/hostile/shards', '--of', '2', '--out', '/data/hostile', '--force'],
    };
    takeRecord();
    for (const which of ['shards', 'merge'] as const) {
      const job = JSON.parse(readFileSync(join(out, `hostile.k8s-${which}.json`), 'utf8'));
      const container = job.spec.template.spec.containers[0];
      const argv = [...container.command, ...container.args].map((a: string) => expandK8s(a, { SHARD_INDEX: '1' }));
      const run = spawnSync(argv[0], argv.slice(1), { cwd: dir, env: env(), encoding: 'utf8' }); // exec form: no shell
      expect(run.status, run.stderr).toBe(0);
      expect(takeRecord()).toEqual([expected[which]]);
    }
    // the run script: apply, wait for Complete, apply, wait
    const runScript = join(out, 'hostile.k8s-run.sh');
    let run = spawnSync(runScript, [], { cwd: dir, env: env({ STUB_OUTPUT: 'SuccessCriteriaMet Complete ' }), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const calls = takeRecord();
    expect(calls.map((c) => c.slice(0, 3))).toEqual([
      ['kubectl', 'apply', '-f'], ['kubectl', 'get', 'job'], ['kubectl', 'apply', '-f'], ['kubectl', 'get', 'job'],
    ]);
    expect([calls[0][3], calls[1][3], calls[2][3], calls[3][3]]).toEqual([join(out, 'hostile.k8s-shards.json'), 'sgd-sde-hostile-shards', join(out, 'hostile.k8s-merge.json'), 'sgd-sde-hostile-merge']);
    // a failed Job ends the wait with exit 1 (kubectl wait --for=condition=complete would wait forever)
    run = spawnSync(runScript, [], { cwd: dir, env: env({ STUB_OUTPUT: 'FailureTarget Failed ' }), encoding: 'utf8', timeout: 600_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('job sgd-sde-hostile-shards failed');
    takeRecord();
    // the printed copy list: each side one shell word, the local files as they are
    const copies = r.stdout.split('\n').filter((l) => l.includes('  ->  ')).map((l) => l.trim().split('  ->  ').map((w) => bash(`printf '%s\\0' ${w}`).stdout.split('\0').slice(0, -1)));
    expect(copies).toEqual([
      [[root], ['/data/sgd-sde']],
      [[scenario], [podScenario]],
      [[join(dir, csvName)], [`/data/hostile/input/${csvName}`]],
    ]);
    expect(bash(r.stdout.split('\n')[r.stdout.split('\n').indexOf('then run:') + 1], { STUB_OUTPUT: 'Complete ' }, dir).status).toBe(0);
    takeRecord();
    expect(pwned(base)).toEqual([]);
  }, 60_000);

  it('a data file named by an absolute path is refused: the pods see only the volume', () => {
    const dir = join(base, 'k8s-absolute');
    const scenario = writeScenario(dir, 'abs.json');
    const raw = JSON.parse(readFileSync(scenario, 'utf8'));
    raw.model.csv = join(dir, csvName);
    writeFileSync(scenario, JSON.stringify(raw));
    const r = cli(['k8s', scenario, '--shards', '2', '--out', join(dir, 'o')], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/model\.csv: is an absolute path .*which the pods cannot see/);
  });
});
