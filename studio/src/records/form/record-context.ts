import { createContext, useContext } from 'react';

/** The record a form edits (as read from the API), for widgets that show more than the value (lookup names). */
export const RecordContext = createContext<Record<string, unknown> | null>(null);

export const useRecordContext = () => useContext(RecordContext);

/** The object whose record a form edits: uploads name it (`POST /files?object=…&field=…`). */
export const FormObjectContext = createContext<string | null>(null);

export const useFormObject = () => useContext(FormObjectContext);
