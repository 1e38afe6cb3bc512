// The audit services on the suite's engine: PostgreSQL when TEST_DATABASE_URL is set, else PGlite.
import { testDatabase } from '../support/database';
import { auditSuite } from './suite';

auditSuite('on the test database', testDatabase);
