import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCsvDataset } from '../data/csv.js';

/**
 * The size of the problem a model block describes — N training examples and d parameters —
 * without building the model, so that B ≤ N and the length of a starting point are checked before
 * any work starts, CSV data included. Written defensively: it also sees raw input that failed the
 * schema. Undefined when a size cannot be told (a missing or broken file: the model's own checks
 * report that).
 */
export function exampleCount(model: unknown, baseDir: string): number | undefined {
  if (!isObject(model)) return undefined;
  if (typeof model.n === 'number') return model.n;
  if (typeof model.csv === 'string') return csvRows(model.csv, baseDir);
  const data = model.data;
  if (!isObject(data)) return undefined;
  for (const key of ['synthetic', 'mnist'] as const) {
    const block = data[key];
    if (isObject(block)) {
      const perClass = block.trainPerClass ?? (key === 'mnist' ? 400 : undefined); // the mnist block's default
      return typeof perClass === 'number' ? 2 * perClass : undefined;
    }
  }
  return typeof data.csv === 'string' ? csvRows(data.csv, baseDir) : undefined;
}

/** The number of parameters d: a quadratic's dim, the inputs (+1 bias for logistic regression), a potential's variables. */
export function modelDimension(model: unknown, baseDir: string): number | undefined {
  if (!isObject(model)) return undefined;
  if (typeof model.dim === 'number') return model.dim;
  if (model.kind === 'potential') return Array.isArray(model.variables) ? model.variables.length : 2; // the default landscape is 2-D
  if (typeof model.csv === 'string') return csvShape(model.csv, baseDir)?.d;
  const data = model.data;
  if (!isObject(data)) return undefined;
  const bias = model.kind === 'logistic-regression' ? 1 : 0;
  if (isObject(data.synthetic)) return typeof data.synthetic.features === 'number' ? data.synthetic.features + bias : undefined;
  if (isObject(data.mnist)) return 784 + bias;
  const d = typeof data.csv === 'string' ? csvShape(data.csv, baseDir)?.d : undefined;
  return d === undefined ? undefined : d + bias;
}

function csvRows(file: string, baseDir: string): number | undefined {
  return csvShape(file, baseDir)?.n;
}

function csvShape(file: string, baseDir: string): { n: number; d: number } | undefined {
  const full = resolve(baseDir, file);
  if (!existsSync(full)) return undefined;
  try {
    const data = readCsvDataset(full);
    return { n: data.n, d: data.d };
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
