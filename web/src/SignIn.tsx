import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Navigate } from "react-router-dom";
import { requestNewLink, startSession } from "./api/registration";
import { codeFrom, keepSession, type Session } from "./session";
import { Field, Outcome, useAction } from "./ui";

/** Where a sign-in link lands: its code is exchanged, once, for a session.
 * Without a code, or with one that no longer works, anyone may ask for a
 * new link by e-mail. */
export default function SignIn() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const asked = useRef(false); // a code works once: never send it twice
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    const code = codeFrom(window.location.hash);
    if (!code) return;
    setWorking(true);
    history.replaceState(null, "", "/sign-in"); // the code is used up: not kept in history
    startSession(code).then(
      (started) => {
        keepSession(started);
        setSession(started);
      },
      (reason: Error) => {
        setWorking(false);
        setError(reason.message);
      },
    );
  }, [t]);
  if (session) return <Navigate to={homeOf(session)} replace />;
  return (
    <section>
      <h1>{t("signIn.title")}</h1>
      {working && <p aria-busy="true">{t("signIn.working")}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!working && <NewLink />}
    </section>
  );
}

/** Where a session starts: a participant's evaluation link goes straight to their form. */
function homeOf(session: Session): string {
  if (session.role === "organizer") return "/console";
  if (session.role === "participant") return `/org/${session.edition}/evaluation/${session.participant_id}`;
  if (session.role === "door") return `/door/${session.edition}`;
  return "/org";
}

/** "Send me a new link": the same answer whether or not the address is known. */
function NewLink() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await requestNewLink(email);
      return t("signIn.linkAsked");
    });
  };
  return (
    <form onSubmit={submit}>
      <h2>{t("signIn.newLink")}</h2>
      <p>{t("signIn.newLinkHint")}</p>
      <Field label={t("signIn.email")} error={action.fields.email}>
        <input type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t("signIn.send")}
      </button>
      <Outcome state={action} />
    </form>
  );
}
