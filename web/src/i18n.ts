// Danish first, English one click away; the choice is kept in this browser.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { da, en } from "./texts";
import type { Sent } from "./sent";
import type { components } from "./schema/workshops";

type Theme = Sent<components["schemas"]["ThemePublic"]>;

const KEY = "synergi.language";

void i18n.use(initReactI18next).init({
  resources: { da: { translation: da }, en: { translation: en } },
  lng: (typeof localStorage !== "undefined" && localStorage.getItem(KEY)) || "da",
  fallbackLng: "da",
  interpolation: { escapeValue: false }, // React escapes
});

export function setLanguage(language: "da" | "en"): void {
  localStorage.setItem(KEY, language);
  void i18n.changeLanguage(language);
}

/** A theme's name in the reader's language. */
export function themeName(themes: Theme[], id: string): string {
  const theme = themes.find((t) => t.id === id);
  if (!theme) return id;
  return i18n.language === "da" ? theme.name_da : theme.name_en;
}

export default i18n;
