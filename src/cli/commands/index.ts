import type { CliCommand } from '../cli-io.js';
import { collectionAddCommand, collectionListCommand } from './collection.js';
import { communityAddCommand, communityListCommand, communityMemberAddCommand } from './community.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { orgAddCommand, orgListCommand } from './org.js';
import { serveCommand } from './serve.js';
import { tokenCreateCommand, tokenRevokeCommand } from './token.js';
import { userAddCommand, userListCommand, userRemoveCommand } from './user.js';

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
];
