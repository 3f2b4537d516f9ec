/** The objects every runtime test tenant gets (shared with the out-of-process server). */
export const OBJECTS = {
  objects: [
    { name: 'account', fields: [{ name: 'name', type: 'text', required: true }, { name: 'leadCount', type: 'integer' }] },
    { name: 'lead', fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'status', type: 'select', options: [{ value: 'New' }, { value: 'Qualified' }, { value: 'Converted' }], defaultValue: 'New' },
      { name: 'score', type: 'integer' },
      { name: 'notes', type: 'longText' },
      { name: 'account', type: 'lookup', target: 'account' },
    ] },
    { name: 'task', fields: [{ name: 'subject', type: 'text', required: true }, { name: 'lead', type: 'lookup', target: 'lead' }] },
  ],
};
