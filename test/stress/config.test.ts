import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { InputError } from '../../src/errors.js';
import { defaultConfigPath, loadStressConfig, parseStressConfig } from '../../src/stress/config.js';
import { propertyNames, stressProperties } from '../../src/stress/registry.js';
import { mapIds } from '../../src/stress/validity-approximations.js';
import { isExperimentKind } from '../../src/run/registry.js';

describe('stress configuration (scenarios/stress-default.json)', () => {
  it('the shipped default parses and names every registered property', () => {
    const c = loadStressConfig();
    expect(Object.keys(c.properties).sort()).toEqual([...propertyNames].sort());
    expect(c.experiment).toBe('stress');
    expect(c.description).toMatch(/not an experiment/);
    // it is not an experiment scenario: `sgd-sde run` rejects it, `list` marks it
    expect(isExperimentKind(JSON.parse(readFileSync(defaultConfigPath, 'utf8')).experiment)).toBe(false);
  });

  it('every validity map belongs to some property', () => {
    const attached = new Set(propertyNames.flatMap((n) => [...(stressProperties[n].maps ?? [])]));
    expect([...attached].sort()).toEqual([...mapIds].sort());
  });

  it('reports every problem of a bad config with its JSON path', () => {
    const raw = JSON.parse(readFileSync(defaultConfigPath, 'utf8'));
    raw.tolerance = -1;
    raw.properties['no-such-property'] = { runs: 3 };
    raw.validityMap.quadratic.spectrum = [1, 0.5, 0.2];
    try {
      parseStressConfig(raw);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      const paths = (err as InputError).problems.map((p) => p.path);
      expect(paths).toContain('tolerance');
      expect(paths).toContain('properties.no-such-property');
    }
    raw.tolerance = 4;
    delete raw.properties['no-such-property'];
    expect(() => parseStressConfig(raw)).toThrow(/validityMap\.quadratic\.spectrum/);
  });
});
