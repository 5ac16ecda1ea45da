import { useTranslation } from "react-i18next";
import { Link, NavLink, Route, Routes, useParams } from "react-router-dom";
import { edition as editionOf } from "../api/registration";
import { Loading, useFormat, useLoad } from "../ui";
import EditEdition from "./EditEdition";
import Evaluation from "./Evaluation";
import Network from "./Network";
import Organisations from "./Organisations";
import Outcomes from "./Outcomes";
import Programme from "./Programme";
import Quality from "./Quality";
import Registrations from "./Registrations";
import Tables from "./Tables";
import Mails from "./Mails";
import Meetings from "./Meetings";
import Tags from "./Tags";

export default function EditionPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug = "" } = useParams();
  const edition = useLoad(() => editionOf(slug), [slug]);
  if (!edition.data) return <Loading error={edition.error} />;
  const tabs = [
    ["", t("tabs.organisations")],
    ["registrations", t("tabs.registrations")],
    ["programme", t("tabs.programme")],
    ["evaluation", t("tabs.evaluation")],
    ["network", t("tabs.network")],
    ["outcomes", t("tabs.outcomes")],
    ["quality", t("tabs.quality")],
    ["tables", t("tabs.tables")],
    ["meetings", t("tabs.meetings")],
    ["tags", t("tabs.tags")],
    ["mail", t("tabs.mail")],
  ];
  return (
    <section>
      <h1>{edition.data.title}</h1>
      <p className="no-print">
        {format.date(edition.data.date)}
        {edition.data.venue ? ` · ${edition.data.venue}` : ""} ·{" "}
        <Link to={`/console/${slug}/check-in`}>{t("tabs.checkIn")}</Link>
      </p>
      <div className="no-print">
        <EditEdition edition={edition.data} onSaved={edition.reload} />
      </div>
      <nav className="tabs no-print" aria-label={t("tabs.label")}>
        {tabs.map(([path, label]) => (
          <NavLink key={path} to={`/console/${slug}/${path}`} end>
            {label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Organisations slug={slug} />} />
        <Route path="registrations" element={<Registrations slug={slug} />} />
        <Route path="programme" element={<Programme slug={slug} />} />
        <Route path="evaluation" element={<Evaluation slug={slug} />} />
        <Route path="network" element={<Network slug={slug} />} />
        <Route path="outcomes" element={<Outcomes slug={slug} />} />
        <Route path="quality" element={<Quality slug={slug} />} />
        <Route path="tables" element={<Tables slug={slug} />} />
        <Route path="meetings" element={<Meetings slug={slug} />} />
        <Route path="tags" element={<Tags slug={slug} />} />
        <Route path="mail" element={<Mails slug={slug} />} />
      </Routes>
    </section>
  );
}
