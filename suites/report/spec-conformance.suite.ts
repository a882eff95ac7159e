import { defineFlowSuite } from './flow-suite.ts';

defineFlowSuite('spec-conformance');
