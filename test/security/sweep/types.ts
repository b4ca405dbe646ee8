/**
 * One row of the secrets sweep (test/security/secrets-sweep.test.ts): a failure path, the
 * credentials it was configured with, and a function that runs it and must throw. Each provider
 * adds its rows in test/security/sweep/<provider>.ts and one import line in the sweep test.
 */
import type { PaybridgeError } from '../../../src/core/errors';

export interface SweepRow {
  /** `'core http: 401 whose body echoes the API key'` */
  name: string;
  /**
   * Every credential configured for this path. They are registered for redaction the way
   * adapters register them (core/config.ts readSetting), unless `register` is false.
   */
  secrets: string[];
  /** Register the secrets first (default true). False for the generic credential patterns. */
  register?: boolean;
  /** Runs the failure path; it must throw or reject. */
  run: () => unknown;
  /** The error class expected (default: any PaybridgeError subclass). */
  expect?: abstract new (
    ...args: never[]
  ) => PaybridgeError;
}
