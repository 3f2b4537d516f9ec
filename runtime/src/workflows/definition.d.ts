/**
 * A workflow as documents carry it (metadata kind `workflows`): a trigger and a flat list of steps,
 * each with an `id`; steps run in order unless a branch or `next` says where to go (`end` ends
 * the run). A flat list keeps a run's position one step id, which is what history, retry from a
 * failed step and in-flight migration need; the studio draws it as a graph.
 */
export type Value = unknown;
/** A value given as an expression over the run's record (`{expr: "amount * 2"}`) or a literal. */
export type ValueSpec = Value | {
    expr: string;
};
export type Trigger = {
    type: 'record';
    on: ('create' | 'update' | 'delete')[];
    fields?: string[];
    condition?: string;
} | {
    type: 'date';
    field: string;
    offset?: string;
    business?: boolean;
    condition?: string;
} | {
    type: 'cron';
    cron: string;
    timeZone?: string;
} | {
    type: 'manual';
} | {
    type: 'webhook';
}
/** An approval request of the workflow's object ended (approved, rejected, withdrawn, terminated): of the flows named (absent: any). */
 | {
    type: 'approval';
    flows?: string[];
    outcomes?: ('approved' | 'rejected' | 'withdrawn' | 'terminated')[];
};
interface Base {
    id: string;
    label?: string;
    next?: string;
}
export type Step = Base & ({
    type: 'branch';
    branches: {
        when: string;
        next: string;
    }[];
    otherwise?: string;
} | {
    type: 'update';
    object?: string;
    record?: ValueSpec;
    filter?: Record<string, unknown>;
    data: Record<string, ValueSpec>;
} | {
    type: 'create';
    object: string;
    data: Record<string, ValueSpec>;
} | {
    type: 'command';
    command: string;
    object?: string;
    record?: ValueSpec;
    input?: Record<string, ValueSpec>;
} | {
    type: 'script';
    action: string;
    object?: string;
    record?: ValueSpec;
    input?: Record<string, ValueSpec>;
} | {
    type: 'notify';
    to: ValueSpec[];
    title: ValueSpec;
    body?: ValueSpec;
    email?: boolean;
} | {
    type: 'webhook';
    url: string;
    method?: 'POST' | 'PUT';
    body?: Record<string, ValueSpec>;
} | {
    type: 'wait';
    duration?: string;
    business?: boolean;
    until?: string;
    condition?: string;
    timeout?: string;
} | {
    type: 'forEach';
    object: string;
    filter?: Record<string, unknown>;
    workflow: string;
    max?: number;
} | {
    type: 'callWorkflow';
    workflow: string;
    wait?: boolean;
});
export interface WorkflowItem extends Record<string, unknown> {
    name: string;
    label?: unknown;
    description?: string;
    /** The object whose records the run is about (record and date triggers need it). */
    object?: string;
    active?: boolean;
    /** The business calendar waits in business time count by (default: the tenant's `default`). */
    calendar?: string;
    /** The user runs act as when no user started them (default none: the system). */
    runAs?: string;
    /** HMAC-SHA256 key of inbound webhook calls and outbound deliveries (server-only: never pulled back in clear? kept as given). */
    secret?: string;
    trigger: Trigger;
    steps: Step[];
}
/** The JSON Schema of one workflow (`tessera:workflow`, published at GET /metadata/schema). */
export declare const workflowSchema: {
    readonly title: 'Workflow';
    readonly description: 'A trigger and steps: what happens, durably and once, when records change, at times, or on request.';
    readonly type: 'object';
    readonly required: readonly ['name', 'trigger', 'steps'];
    readonly additionalProperties: false;
    readonly properties: {
        readonly name: {
            readonly type: 'string';
            readonly pattern: "^[a-z][a-zA-Z0-9]{0,62}$";
        };
        readonly label: {
            readonly $ref: 'tessera:label';
        };
        readonly description: {
            readonly type: 'string';
            readonly maxLength: 2000;
        };
        readonly object: {
            readonly type: 'string';
            readonly pattern: "^[a-z][a-zA-Z0-9]{0,62}$";
        };
        readonly active: {
            readonly type: 'boolean';
            readonly default: true;
        };
        readonly calendar: {
            readonly type: 'string';
            readonly pattern: "^[a-z][a-zA-Z0-9]{0,62}$";
        };
        readonly runAs: {
            readonly type: 'string';
            readonly format: 'uuid';
        };
        readonly secret: {
            readonly type: 'string';
            readonly minLength: 16;
            readonly maxLength: 200;
        };
        readonly trigger: {
            readonly oneOf: readonly [{
                readonly type: 'object';
                readonly required: readonly ['type', 'on'];
                readonly additionalProperties: false;
                readonly properties: {
                    readonly type: {
                        readonly const: 'record';
                    };
                    readonly on: {
                        readonly type: 'array';
                        readonly minItems: 1;
                        readonly uniqueItems: true;
                        readonly items: {
                            readonly enum: readonly ['create', 'update', 'delete'];
                        };
                    };
                    readonly fields: {
                        readonly type: 'array';
                        readonly items: {
                            readonly type: 'string';
                            readonly pattern: "^[a-z][a-zA-Z0-9]{0,62}$";
                        };
                    };
                    readonly condition: {
                        type: string;
                        minLength: number;
                        maxLength: number;
                        description: string;
                    };
                };
            }, {
                readonly type: 'object';
                readonly required: readonly ['type', 'field'];
                readonly additionalProperties: false;
                readonly properties: {
                    readonly type: {
                        readonly const: 'date';
                    };
                    readonly field: {
                        readonly type: 'string';
                        readonly pattern: "^[a-z][a-zA-Z0-9]{0,62}$";
                    };
                    readonly offset: {
                        readonly type: string;
                        readonly pattern: string;
                        readonly description: 'After the field\'s time (default none): PT24H.';
                    };
                    readonly business: {
                        readonly type: 'boolean';
                    };
                    readonly condition: {
                        type: string;
                        minLength: number;
                        maxLength: number;
                        description: string;
                    };
                };
            }, {
                readonly type: 'object';
                readonly required: readonly ['type', 'cron'];
                readonly additionalProperties: false;
                readonly properties: {
                    readonly type: {
                        readonly const: 'cron';
                    };
                    readonly cron: {
                        readonly type: 'string';
                        readonly maxLength: 100;
                    };
                    readonly timeZone: {
                        readonly type: 'string';
                        readonly maxLength: 64;
                    };
                };
            }, {
                readonly type: 'object';
                readonly required: readonly ['type'];
                readonly additionalProperties: false;
                readonly properties: {
                    readonly type: {
                        readonly const: 'manual';
                    };
                };
            }, {
                readonly type: 'object';
                readonly required: readonly ['type'];
                readonly additionalProperties: false;
                readonly properties: {
                    readonly type: {
                        readonly const: 'webhook';
                    };
                };
            }, {
                readonly type: 'object';
                readonly required: readonly ['type'];
                readonly additionalProperties: false;
                readonly properties: {
                    readonly type: {
                        readonly const: 'approval';
                    };
                    readonly flows: {
                        readonly type: 'array';
                        readonly items: {
                            readonly type: 'string';
                            readonly pattern: "^[a-z][a-zA-Z0-9]{0,62}$";
                        };
                    };
                    readonly outcomes: {
                        readonly type: 'array';
                        readonly uniqueItems: true;
                        readonly items: {
                            readonly enum: readonly ['approved', 'rejected', 'withdrawn', 'terminated'];
                        };
                    };
                };
            }];
        };
        readonly steps: {
            readonly type: 'array';
            readonly maxItems: 200;
            readonly items: {
                readonly oneOf: readonly [{
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        id: {
                            type: string;
                            pattern: string;
                        };
                        type: {
                            const: string;
                        };
                        label: {
                            type: string;
                            maxLength: number;
                        };
                        next: {
                            type: string;
                            pattern: string;
                        };
                    };
                }, {
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        id: {
                            type: string;
                            pattern: string;
                        };
                        type: {
                            const: string;
                        };
                        label: {
                            type: string;
                            maxLength: number;
                        };
                        next: {
                            type: string;
                            pattern: string;
                        };
                    };
                }, {
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        id: {
                            type: string;
                            pattern: string;
                        };
                        type: {
                            const: string;
                        };
                        label: {
                            type: string;
                            maxLength: number;
                        };
                        next: {
                            type: string;
                            pattern: string;
                        };
                    };
                }, {
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        id: {
                            type: string;
                            pattern: string;
                        };
                        type: {
                            const: string;
                        };
                        label: {
                            type: string;
                            maxLength: number;
                        };
                        next: {
                            type: string;
                            pattern: string;
                        };
                    };
                }, {
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        id: {
                            type: string;
                            pattern: string;
                        };
                        type: {
                            const: string;
                        };
                        label: {
                            type: string;
                            maxLength: number;
                        };
                        next: {
                            type: string;
                            pattern: string;
                        };
                    };
                }, {
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        id: {
                            type: string;
                            pattern: string;
                        };
                        type: {
                            const: string;
                        };
                        label: {
                            type: string;
                            maxLength: number;
                        };
                        next: {
                            type: string;
                            pattern: string;
                        };
                    };
                }, {
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        id: {
                            type: string;
                            pattern: string;
                        };
                        type: {
                            const: string;
                        };
                        label: {
                            type: string;
                            maxLength: number;
                        };
                        next: {
                            type: string;
                            pattern: string;
                        };
                    };
                }, {
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        id: {
                            type: string;
                            pattern: string;
                        };
                        type: {
                            const: string;
                        };
                        label: {
                            type: string;
                            maxLength: number;
                        };
                        next: {
                            type: string;
                            pattern: string;
                        };
                    };
                }, {
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        id: {
                            type: string;
                            pattern: string;
                        };
                        type: {
                            const: string;
                        };
                        label: {
                            type: string;
                            maxLength: number;
                        };
                        next: {
                            type: string;
                            pattern: string;
                        };
                    };
                }, {
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        id: {
                            type: string;
                            pattern: string;
                        };
                        type: {
                            const: string;
                        };
                        label: {
                            type: string;
                            maxLength: number;
                        };
                        next: {
                            type: string;
                            pattern: string;
                        };
                    };
                }];
            };
        };
    };
};
export {};
