import { Command } from 'commander';

/** Placeholder until plan-time validation lands (issue 6). */
export function registerValidate(_program: Command) {}
