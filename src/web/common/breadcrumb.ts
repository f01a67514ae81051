/** One step of a breadcrumb (views/partials/breadcrumb.ejs). */
export interface Crumb {
  href: string;
  text: string;
}

/** The staff pages' trail down to a survey: Questionari › its title, then `more`. */
export function surveyTrail(survey: { id: string; title: { it: string } }, ...more: Crumb[]): Crumb[] {
  return [
    { href: "/admin", text: "Questionari" },
    { href: `/admin/questionari/${survey.id}`, text: survey.title.it },
    ...more,
  ];
}
