import { useTranslation } from "react-i18next";
import { Link, NavLink, Route, Routes, useParams } from "react-router-dom";
import { get } from "../api";
import type { Edition } from "../types";
import { Loading, useFormat, useLoad } from "../ui";
import EditEdition from "./EditEdition";
import Evaluation from "./Evaluation";
import Network from "./Network";
import Organisations from "./Organisations";
import Outcomes from "./Outcomes";
import Programme from "./Programme";
import Registrations from "./Registrations";

export default function EditionPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug = "" } = useParams();
  const edition = useLoad(() => get<Edition>(`/registration/editions/${slug}`), [slug]);
  if (!edition.data) return <Loading error={edition.error} />;
  const tabs = [
    ["", t("tabs.organisations")],
    ["registrations", t("tabs.registrations")],
    ["programme", t("tabs.programme")],
    ["evaluation", t("tabs.evaluation")],
    ["network", t("tabs.network")],
    ["outcomes", t("tabs.outcomes")],
  ];
  return (
    <section>
      <h1>{edition.data.title}</h1>
      <p>
        {format.date(edition.data.date)}
        {edition.data.venue ? ` · ${edition.data.venue}` : ""} ·{" "}
        <Link to={`/console/${slug}/check-in`}>{t("tabs.checkIn")}</Link>
      </p>
      <EditEdition edition={edition.data} onSaved={edition.reload} />
      <nav className="tabs" aria-label={t("tabs.label")}>
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
      </Routes>
    </section>
  );
}
