import { useId, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Concept } from "../api/matching";

/** 'Unge Mødre' and 'unge-mødre' are one word, as the API normalises tags. */
export const normalized = (word: string) =>
  word
    .trim()
    .toLowerCase()
    .replace(/[^0-9a-zæøå]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** Each word of the vocabulary (id, names, synonyms) to its concept. */
export function conceptIndex(concepts: Concept[]): Map<string, Concept> {
  const index = new Map<string, Concept>();
  for (const concept of concepts)
    for (const word of [concept.id, concept.name_en, concept.name_da, ...concept.synonyms])
      index.set(normalized(word), concept);
  return index;
}

/** `values` with the words `typed` (split at commas) added: each as its
 * concept's id where the vocabulary knows it, else as typed; none twice. */
export function withTyped(values: string[], typed: string, concepts: Concept[]): string[] {
  const index = conceptIndex(concepts);
  const words = typed.split(/[,;]/).map((w) => w.trim()).filter(Boolean);
  const known = new Set(values.map(normalized));
  const fresh: string[] = [];
  for (const tag of words.map((word) => index.get(normalized(word))?.id ?? word)) {
    if (!known.has(normalized(tag))) fresh.push(tag);
    known.add(normalized(tag));
  }
  return [...values, ...fresh];
}

/** Tags picked as the vocabulary's words in the reader's language, with
 * suggestions as one types; a word the vocabulary does not know is kept as
 * typed. The stored value is the concept's id, or the word. What is typed
 * and not yet added (`typed`) the form adds when it is saved. */
export default function TagPicker(props: {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  typed: string;
  onTyped: (typed: string) => void;
  concepts: Concept[];
  error?: string;
}) {
  const { t, i18n } = useTranslation();
  const listId = useId();
  const index = conceptIndex(props.concepts);
  const labelOf = (tag: string) => {
    const concept = index.get(normalized(tag));
    if (!concept) return tag.replace(/-/g, " ");
    return i18n.language === "da" ? concept.name_da : concept.name_en;
  };
  const add = () => {
    props.onChange(withTyped(props.values, props.typed, props.concepts));
    props.onTyped("");
  };
  const keyed = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      add();
    }
  };
  return (
    <div className="tag-picker">
      <label className="field">
        <span>{props.label}</span>
        <input
          list={listId}
          value={props.typed}
          onChange={(e) => props.onTyped(e.target.value)}
          onKeyDown={keyed}
          autoComplete="off"
        />
        <small>{t("org.tagHint")}</small>
        {props.error && (
          <span className="field-error" role="alert">
            {props.error}
          </span>
        )}
      </label>
      <datalist id={listId}>
        {props.concepts.map((concept) => (
          <option key={concept.id} value={i18n.language === "da" ? concept.name_da : concept.name_en} />
        ))}
      </datalist>
      {props.values.length > 0 && (
        <ul className="chips" aria-label={props.label}>
          {props.values.map((tag) => (
            <li key={tag}>
              {labelOf(tag)}{" "}
              <button
                type="button"
                className="link"
                aria-label={t("org.removeTag", { tag: labelOf(tag) })}
                onClick={() => props.onChange(props.values.filter((v) => v !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
