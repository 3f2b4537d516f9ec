/**
 * An approval flow as documents carry it (metadata kind `approvalFlows`): the object it approves,
 * entry criteria, and ordered nodes, each with approvers and a mode. A request keeps the version
 * it was submitted on; nodes are named by `id`, which is what rejects to a node, jumps and the
 * node-by-node migration of a request to another version refer to.
 */
export type Approver = {
    type: 'user';
    users: string[];
    weight?: number;
} | {
    type: 'role';
    role: string;
    weight?: number;
} | {
    type: 'manager';
    depth?: number;
    weight?: number;
} | {
    type: 'field';
    field: string;
    weight?: number;
} | {
    type: 'group';
    group: string;
    weight?: number;
};
/** sequential: every approver in turn; all: every approver at once (会签); any: the first one decides (或签); vote: weighted votes reach `threshold` (票签). */
export type NodeMode = 'sequential' | 'all' | 'any' | 'vote';
export interface Timeout {
    /** ISO 8601 duration after the node starts (PT8H). */
    after: string;
    /** Counted in the flow's business calendar's working time. */
    business?: boolean;
    /** escalate: each open task goes to its assignee's manager; approve / reject: the node decides so. */
    action: 'escalate' | 'approve' | 'reject';
}
export interface ApprovalNode {
    id: string;
    label?: unknown;
    mode: NodeMode;
    /** For `vote`: the share of the approvers' weight that approves the node (0 < t ≤ 1). */
    threshold?: number;
    approvers: Approver[];
    /** The node applies only when this holds over the record (otherwise it is skipped). */
    condition?: string;
    cc?: Approver[];
    timeout?: Timeout;
}
export interface Outcome {
    /** Field updates of the record, through the save pipeline as the system ({expr} over the record, or literals). */
    update?: Record<string, unknown>;
}
export interface ApprovalFlowItem extends Record<string, unknown> {
    name: string;
    label?: unknown;
    description?: string;
    object: string;
    active?: boolean;
    /** Which flow submitForApproval picks when it names none: the lowest order whose entry criteria hold. */
    order?: number;
    entryCriteria?: string;
    calendar?: string;
    nodes: ApprovalNode[];
    cc?: Approver[];
    onSubmit?: Outcome;
    onApproved?: Outcome;
    onRejected?: Outcome;
}
/** The JSON Schema of one approval flow (`tessera:approvalFlow`, published at GET /metadata/schema). */
export declare const approvalFlowSchema: {
    readonly title: 'Approval flow';
    readonly description: 'Who approves a record, in which order and how: nodes of approvers (sequential, 会签, 或签, 票签), CC, timeouts and outcomes.';
    readonly type: 'object';
    readonly required: readonly ['name', 'object', 'nodes'];
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
        readonly order: {
            readonly type: 'integer';
            readonly minimum: 0;
            readonly maximum: 10000;
        };
        readonly entryCriteria: {
            type: string;
            minLength: number;
            maxLength: number;
            description: string;
        };
        readonly calendar: {
            readonly type: 'string';
            readonly pattern: "^[a-z][a-zA-Z0-9]{0,62}$";
        };
        readonly cc: {
            type: string;
            maxItems: number;
            items: {
                oneOf: {
                    type: string;
                    required: string[];
                    additionalProperties: boolean;
                    properties: {
                        type: {
                            const: string;
                        };
                        weight: {
                            type: string;
                            exclusiveMinimum: number;
                            maximum: number;
                            description: string;
                        };
                    };
                }[];
            };
        };
        readonly onSubmit: {
            type: string;
            additionalProperties: boolean;
            properties: {
                update: {
                    type: string;
                    propertyNames: {
                        pattern: string;
                    };
                };
            };
        };
        readonly onApproved: {
            type: string;
            additionalProperties: boolean;
            properties: {
                update: {
                    type: string;
                    propertyNames: {
                        pattern: string;
                    };
                };
            };
        };
        readonly onRejected: {
            type: string;
            additionalProperties: boolean;
            properties: {
                update: {
                    type: string;
                    propertyNames: {
                        pattern: string;
                    };
                };
            };
        };
        readonly nodes: {
            readonly type: 'array';
            readonly minItems: 1;
            readonly maxItems: 50;
            readonly items: {
                readonly type: 'object';
                readonly required: readonly ['id', 'mode', 'approvers'];
                readonly additionalProperties: false;
                readonly properties: {
                    readonly id: {
                        readonly type: 'string';
                        readonly pattern: "^[a-zA-Z][a-zA-Z0-9_-]{0,62}$";
                    };
                    readonly label: {
                        readonly $ref: 'tessera:label';
                    };
                    readonly mode: {
                        readonly enum: readonly ['sequential', 'all', 'any', 'vote'];
                    };
                    readonly threshold: {
                        readonly type: 'number';
                        readonly exclusiveMinimum: 0;
                        readonly maximum: 1;
                    };
                    readonly approvers: {
                        readonly type: string;
                        readonly maxItems: number;
                        readonly items: {
                            oneOf: {
                                type: string;
                                required: string[];
                                additionalProperties: boolean;
                                properties: {
                                    type: {
                                        const: string;
                                    };
                                    weight: {
                                        type: string;
                                        exclusiveMinimum: number;
                                        maximum: number;
                                        description: string;
                                    };
                                };
                            }[];
                        };
                        readonly minItems: 1;
                    };
                    readonly condition: {
                        type: string;
                        minLength: number;
                        maxLength: number;
                        description: string;
                    };
                    readonly cc: {
                        type: string;
                        maxItems: number;
                        items: {
                            oneOf: {
                                type: string;
                                required: string[];
                                additionalProperties: boolean;
                                properties: {
                                    type: {
                                        const: string;
                                    };
                                    weight: {
                                        type: string;
                                        exclusiveMinimum: number;
                                        maximum: number;
                                        description: string;
                                    };
                                };
                            }[];
                        };
                    };
                    readonly timeout: {
                        readonly type: 'object';
                        readonly required: readonly ['after', 'action'];
                        readonly additionalProperties: false;
                        readonly properties: {
                            readonly after: {
                                readonly type: 'string';
                                readonly pattern: '^P(?!$)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$';
                            };
                            readonly business: {
                                readonly type: 'boolean';
                            };
                            readonly action: {
                                readonly enum: readonly ['escalate', 'approve', 'reject'];
                            };
                        };
                    };
                };
            };
        };
    };
};
