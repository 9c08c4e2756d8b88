#!/usr/bin/env node
/**
 * The `ldmfit` executable: wires the process's streams to {@link runCli} and
 * sets the exit status. It never calls `process.exit`, so everything written
 * to a pipe arrives whole before the process ends.
 *
 * @module
 */
import { processIo, runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
