/** An answer as a service sends it. Pydantic writes every field, defaults
 * included, but the schema marks a field with a default as optional: here
 * every field is present (its value may still be null). Its own module, so
 * the session and the texts can name answer types without the client. */
export type Sent<T> = T extends (infer Item)[]
  ? Sent<Item>[]
  : T extends object
    ? { [K in keyof T]-?: Sent<Exclude<T[K], undefined>> }
    : T;
