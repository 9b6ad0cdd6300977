import fc from 'fast-check';

// Every property test runs from a fixed seed (a test that passes or fails by luck is a defect);
// a property that needs its own seed still passes one explicitly.
fc.configureGlobal({ seed: 20261125 });
