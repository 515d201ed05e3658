import { createPatternChecker } from '../../app/index.js';
import type { CliCommand } from '../cli-io.js';
import { collectionAddCommand, collectionListCommand } from './collection.js';
import { communityAddCommand, communityListCommand, communityMemberAddCommand } from './community.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { matchCommand } from './match.js';
import { orgAddCommand, orgListCommand } from './org.js';
import { patternCheckCommand } from './pattern-check.js';
import { serveCommand } from './serve.js';
import { tokenCreateCommand, tokenRevokeCommand } from './token.js';
import { userAddCommand, userListCommand, userRemoveCommand } from './user.js';
import { createValidateCommand } from './validate.js';

/** Every verb of the `cairn` command. */
export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  orgAddCommand,
  orgListCommand,
  userAddCommand,
  userListCommand,
  userRemoveCommand,
  tokenCreateCommand,
  tokenRevokeCommand,
  communityAddCommand,
  communityListCommand,
  communityMemberAddCommand,
  collectionAddCommand,
  collectionListCommand,
  importCommand,
  exportCommand,
  createValidateCommand({ checkPattern: createPatternChecker() }),
  patternCheckCommand,
  matchCommand,
];
