/**
 * How far a plan's estimate may be from the CPU time it estimates: measured / planned within
 * [1/COST_MODEL_BAND, COST_MODEL_BAND]. docs/performance.md states it, run --plan prints it, the
 * Slurm time request leaves this factor of room, and test/plan/plan-vs-measured.test.ts holds every
 * shipped scenario's quick plan to it (and checks that the docs state this same number).
 */
export const COST_MODEL_BAND = 3;
