import { createPatternChecker } from '../../app/index.js';
import type { CliCommand } from '../cli-io.js';
import { auditShowCommand, auditVerifyCommand } from './audit.js';
import { CERT_COMMANDS } from './cert.js';
import { collectionAddCommand, collectionListCommand } from './collection.js';
import {
  communityAddCommand,
  communityListCommand,
  communityMemberAddCommand,
  communityPiiCommand,
} from './community.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { matchCommand } from './match.js';
import { migrateCommand } from './migrate.js';
import { migrateStoreCommand } from './migrate-store.js';
import { orgAddCommand, orgListCommand } from './org.js';
import { patternCheckCommand } from './pattern-check.js';
import { pciiListCommand, pciiRejectCommand, pciiShowCommand, pciiValidateCommand } from './pcii.js';
import { PEER_COMMANDS } from './peer.js';
import {
  reviewApproveCommand,
  reviewListCommand,
  reviewRedactCommand,
  reviewRejectCommand,
  reviewShowCommand,
} from './review.js';
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
  ...CERT_COMMANDS,
  communityAddCommand,
  communityListCommand,
  communityMemberAddCommand,
  communityPiiCommand,
  collectionAddCommand,
  collectionListCommand,
  importCommand,
  exportCommand,
  ...PEER_COMMANDS,
  createValidateCommand({ checkPattern: createPatternChecker() }),
  patternCheckCommand,
  matchCommand,
  migrateCommand,
  migrateStoreCommand,
  reviewListCommand,
  reviewShowCommand,
  reviewApproveCommand,
  reviewRedactCommand,
  reviewRejectCommand,
  ...[pciiListCommand, pciiShowCommand, pciiValidateCommand, pciiRejectCommand],
  auditVerifyCommand,
  auditShowCommand,
];
