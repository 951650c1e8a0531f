#!/usr/bin/env node
import 'reflect-metadata';
import { exitCodeVan, voerOpdrachtUit } from './opdrachten';

voerOpdrachtUit(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`begroot ${process.argv[2] ?? ''}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(exitCodeVan(error));
});
