import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";
import CheckIn from "./console/CheckIn";
import EditionPage from "./console/Edition";
import Editions from "./console/Editions";
import { setLanguage } from "./i18n";
import OrgEdition from "./org/OrgEdition";
import Schedule from "./org/Schedule";
import OrgHome from "./org/OrgHome";
import EvaluationForm from "./org/EvaluationForm";
import SignIn from "./SignIn";
import { endSession } from "./api/registration";
import { forgetAll } from "./door/offline";
import { currentSession, signOut } from "./session";

export default function App() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [session, setSession] = useState(currentSession);
  useEffect(() => setSession(currentSession()), [location]);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);

  const other = i18n.language === "da" ? "en" : "da";
  return (
    <>
      <header className="top">
        <Link to="/" className="brand">
          Synergi
        </Link>
        {session && session.role !== "door" && (
          <nav aria-label={t("nav.label")}>
            {session.role === "organizer" ? (
              <Link to="/console">{t("nav.console")}</Link>
            ) : (
              <Link to="/org">{t("nav.myOrganisation")}</Link>
            )}
          </nav>
        )}
        <span className="spacer" />
        <button className="link" lang={other} onClick={() => setLanguage(other)}>
          {other === "en" ? "English" : "Dansk"}
        </button>
        {session && (
          <button
            className="link"
            onClick={() => void logOut().then(() => navigate("/"))}
          >
            {t("nav.signOut")}
          </button>
        )}
      </header>
      <main>
        <Routes>
          <Route path="/sign-in" element={<SignIn />} />
          <Route path="/" element={<Home />} />
          {session?.role === "organizer" && (
            <>
              <Route path="/console" element={<Editions />} />
              <Route path="/console/:slug/check-in" element={<CheckIn />} />
              <Route path="/console/:slug/*" element={<EditionPage />} />
            </>
          )}
          {session?.role === "organization" && (
            <>
              <Route path="/org" element={<OrgHome organizationId={session.organization_id!} />} />
              <Route
                path="/org/:slug/evaluation/:participantId"
                element={<EvaluationForm organizationId={session.organization_id!} />}
              />
              <Route path="/org/:slug" element={<OrgEdition organizationId={session.organization_id!} />} />
              <Route path="/org/:slug/schedule" element={<Schedule organizationId={session.organization_id!} />} />
            </>
          )}
          {session?.role === "door" && <Route path="/door/:slug" element={<CheckIn door />} />}
          {session?.role === "participant" && (
            <Route
              path="/org/:slug/evaluation/:participantId"
              element={<EvaluationForm organizationId={session.organization_id!} />}
            />
          )}
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
    </>
  );
}

function Home() {
  const { t } = useTranslation();
  const session = currentSession();
  if (session?.role === "organizer") return <Navigate to="/console" replace />;
  if (session?.role === "organization") return <Navigate to="/org" replace />;
  if (session?.role === "participant")
    return <Navigate to={`/org/${session.edition}/evaluation/${session.participant_id}`} replace />;
  if (session?.role === "door") return <Navigate to={`/door/${session.edition}`} replace />;
  return (
    <section className="welcome">
      <h1>{t("welcome.title")}</h1>
      <p>{t("welcome.text")}</p>
      <p>
        <Link to="/sign-in">{t("welcome.newLink")}</Link>
      </p>
    </section>
  );
}

/** Ends the session at the server, so every service refuses its token from
 * then on, and then in this browser (even when the server cannot be reached),
 * with whatever the door's check-in kept on this device. */
async function logOut(): Promise<void> {
  await endSession().catch(() => undefined);
  await forgetAll().catch(() => undefined);
  signOut();
}
