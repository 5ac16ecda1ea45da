// Small building blocks every screen uses: a field with its error beside it,
// an action's outcome as a sentence, and loading a resource.
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "./api/client";

export interface ActionState {
  busy: boolean;
  error: string | null;
  fields: Record<string, string>;
  done: string | null;
}

/** Runs an API action; its error becomes sentences for the form and its
 * fields. What was typed stays in the form's own state either way. */
export function useAction() {
  const [state, setState] = useState<ActionState>({ busy: false, error: null, fields: {}, done: null });
  const run = useCallback(async (action: () => Promise<string | void>) => {
    setState({ busy: true, error: null, fields: {}, done: null });
    try {
      const done = await action();
      setState({ busy: false, error: null, fields: {}, done: done ?? null });
      return true;
    } catch (error) {
      const known = error instanceof ApiError;
      setState({
        busy: false,
        error: error instanceof Error ? error.message : String(error),
        fields: known ? error.fields : {},
        done: null,
      });
      return false;
    }
  }, []);
  return { ...state, run };
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    load().then(
      (value) => live && setData(value),
      (reason: unknown) => live && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      live = false;
    };
  }, [...deps, version]); // `load` is new each render: `deps` say when it changes
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload };
}

export function Field(props: { label: string; error?: string; children: ReactNode; hint?: string }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      {props.children}
      {props.hint && <small>{props.hint}</small>}
      {props.error && (
        <span className="field-error" role="alert">
          {props.error}
        </span>
      )}
    </label>
  );
}

export function Outcome({ state }: { state: ActionState }) {
  if (state.error)
    return (
      <p className="error" role="alert">
        {state.error}
      </p>
    );
  if (state.done)
    return (
      <p className="done" role="status">
        {state.done}
      </p>
    );
  return null;
}

export function Loading({ error }: { error: string | null }) {
  const { t } = useTranslation();
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : (
    <p aria-busy="true">{t("loading")}</p>
  );
}

/** A date and a number in the reader's language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === "da" ? "da-DK" : "en-GB";
  return {
    date: (value: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(new Date(value)),
    dateTime: (value: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value)),
    number: (value: number, digits = 2) =>
      new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value),
    percent: (value: number) => new Intl.NumberFormat(locale, { style: "percent" }).format(value),
  };
}

export function Pager(props: { offset: number; limit: number; total: number; onMove: (offset: number) => void }) {
  const { t } = useTranslation();
  const { offset, limit, total } = props;
  if (total <= limit) return null;
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      <button disabled={offset === 0} onClick={() => props.onMove(Math.max(0, offset - limit))}>
        {t("pager.previous")}
      </button>
      <span>{t("pager.showing", { from: offset + 1, to: Math.min(offset + limit, total), total })}</span>
      <button disabled={offset + limit >= total} onClick={() => props.onMove(offset + limit)}>
        {t("pager.next")}
      </button>
    </nav>
  );
}

/** An organisation's size, as its profile holds it. */
export function SizeField(props: { value: string; onChange: (size: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <Field label={t("orgs.size")} error={props.error}>
      <select value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {["small", "medium", "large"].map((value) => (
          <option key={value} value={value}>
            {t(`size.${value}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}
