#!/usr/bin/env node
// The CLI is compiled to dist/ by the package build (run by the root postinstall after `npm ci`).
import '../dist/cli.js';
