import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate } from "react-router-dom";
import { startSession } from "./api/registration";
import { codeFrom, keepSession, type Session } from "./session";

/** Where a sign-in link lands: its code is exchanged, once, for a session. */
export default function SignIn() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(false); // a code works once: never send it twice
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    const code = codeFrom(window.location.hash);
    if (!code) {
      setError(t("signIn.noCode"));
      return;
    }
    history.replaceState(null, "", "/sign-in"); // the code is used up: not kept in history
    startSession(code).then(
      (started) => {
        keepSession(started);
        setSession(started);
      },
      (reason: Error) => setError(reason.message),
    );
  }, [t]);
  if (session) return <Navigate to={session.role === "organizer" ? "/console" : "/org"} replace />;
  return (
    <section>
      <h1>{t("signIn.title")}</h1>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : (
        <p aria-busy="true">{t("signIn.working")}</p>
      )}
    </section>
  );
}
