// The audit services on the embedded engine (PGlite), whatever engine the rest of the suite uses.
import { embeddedTestDatabase } from '../support/database';
import { auditSuite } from './suite';

auditSuite('on the embedded engine (PGlite)', embeddedTestDatabase);
