import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { importLss } from "../../src/interchange/lss.js";
import { importXlsForm } from "../../src/interchange/xlsform.js";

/** A LimeSurvey 3.x layout (texts on each row with a language column), written here: no 3.x export could be had. */
const LSS_3X = `<?xml version="1.0" encoding="UTF-8"?>
<document>
 <LimeSurveyDocType>Survey</LimeSurveyDocType>
 <DBVersion>366</DBVersion>
 <languages><language>it</language><language>en</language></languages>
 <answers><rows>
  <row><qid>10</qid><code>A1</code><answer>Sì</answer><sortorder>1</sortorder><language>it</language><scale_id>0</scale_id></row>
  <row><qid>10</qid><code>A2</code><answer>No</answer><sortorder>2</sortorder><language>it</language><scale_id>0</scale_id></row>
  <row><qid>10</qid><code>A1</code><answer>Yes</answer><sortorder>1</sortorder><language>en</language><scale_id>0</scale_id></row>
  <row><qid>10</qid><code>A2</code><answer>No</answer><sortorder>2</sortorder><language>en</language><scale_id>0</scale_id></row>
 </rows></answers>
 <groups><rows>
  <row><gid>1</gid><sid>111</sid><group_name>Servizi</group_name><group_order>0</group_order><description></description><language>it</language><grelevance></grelevance></row>
  <row><gid>1</gid><sid>111</sid><group_name>Services</group_name><group_order>0</group_order><description></description><language>en</language><grelevance></grelevance></row>
 </rows></groups>
 <questions><rows>
  <row><qid>10</qid><parent_qid>0</parent_qid><sid>111</sid><gid>1</gid><type>L</type><title>usa</title><question>Usa lo sportello?</question><help></help><other>N</other><mandatory>Y</mandatory><question_order>1</question_order><language>it</language><scale_id>0</scale_id><relevance>1</relevance></row>
  <row><qid>10</qid><parent_qid>0</parent_qid><sid>111</sid><gid>1</gid><type>L</type><title>usa</title><question>Do you use the desk?</question><help></help><other>N</other><mandatory>Y</mandatory><question_order>1</question_order><language>en</language><scale_id>0</scale_id><relevance>1</relevance></row>
  <row><qid>11</qid><parent_qid>0</parent_qid><sid>111</sid><gid>1</gid><type>N</type><title>volte</title><question>Quante volte?</question><help></help><other>N</other><mandatory>N</mandatory><question_order>2</question_order><language>it</language><scale_id>0</scale_id><relevance>usa.NAOK == "A1"</relevance></row>
  <row><qid>11</qid><parent_qid>0</parent_qid><sid>111</sid><gid>1</gid><type>N</type><title>volte</title><question>How many times?</question><help></help><other>N</other><mandatory>N</mandatory><question_order>2</question_order><language>en</language><scale_id>0</scale_id><relevance>usa.NAOK == "A1"</relevance></row>
 </rows></questions>
 <surveys><rows><row><sid>111</sid><language>it</language><additional_languages>en</additional_languages></row></rows></surveys>
 <surveys_languagesettings><rows>
  <row><surveyls_survey_id>111</surveyls_survey_id><surveyls_language>it</surveyls_language><surveyls_title>Sportello</surveyls_title></row>
  <row><surveyls_survey_id>111</surveyls_survey_id><surveyls_language>en</surveyls_language><surveyls_title>Desk</surveyls_title></row>
 </rows></surveys_languagesettings>
</document>`;

describe("LimeSurvey 3.x layout", () => {
  it("reads texts per language from the rows themselves", () => {
    const result = importLss(LSS_3X);
    expect(result.survey.title).toEqual({ it: "Sportello", en: "Desk" });
    expect(result.survey.pages[0].title).toEqual({ it: "Servizi", en: "Services" });
    const [usa, volte] = result.survey.pages[0].questions;
    expect(usa).toMatchObject({
      id: "usa",
      type: "single",
      required: true,
      label: { it: "Usa lo sportello?", en: "Do you use the desk?" },
      choices: [
        { value: "a1", label: { it: "Sì", en: "Yes" } },
        { value: "a2", label: { it: "No", en: "No" } },
      ],
    });
    expect(volte).toMatchObject({ id: "volte", type: "number", showIf: { question: "usa", equals: "a1" } });
    expect(result.unmapped).toEqual([]);
    expect(result.notes.join(" ")).not.toMatch(/Manca/);
  });
});

describe("LimeSurvey: a type letter no version of LimeSurvey has", () => {
  it("is listed as unknown, even when it is named like an Object property", () => {
    const result = importLss(LSS_3X.replaceAll("<type>N</type>", "<type>constructor</type>"));
    expect(result.survey.pages[0].questions.map((q) => q.id)).toEqual(["usa"]);
    expect(result.unmapped).toEqual([{ code: "volte", reason: "tipo «constructor» (constructor): tipo sconosciuto" }]);
  });
});

describe("XLSForm with label::Italian (it) and label::English (en)", () => {
  it("maps every listed type, both languages, groups and relevant", async () => {
    const wb = new ExcelJS.Workbook();
    const survey = wb.addWorksheet("survey");
    survey.addRows([
      ["type", "name", "label::Italian (it)", "label::English (en)", "required", "relevant"],
      ["begin group", "profilo", "Chi è", "About you"],
      ["select_one eta", "eta", "Età", "Age", "yes"],
      ["integer", "figli", "Quanti figli?", "How many children?", "", "${eta} != '18_34'"],
      ["decimal", "km", "Distanza in km", "Distance in km"],
      ["end group"],
      ["begin group", "servizi", "Servizi", "Services", "", "${figli} >= 1"],
      ["select_multiple serv", "usati", "Servizi usati", "Services used"],
      ["rank serv", "ordine", "Ordini i servizi", "Rank the services"],
      ["date", "quando", "Ultima visita", "Last visit"],
      ["text", "note", "Note", "Notes", "", "selected(${usati}, 'cie')"],
      ["end group"],
    ]);
    wb.addWorksheet("choices").addRows([
      ["list_name", "name", "label::Italian (it)", "label::English (en)"],
      ["eta", "18_34", "18–34 anni", "18–34 years"],
      ["eta", "35_plus", "35 anni e più", "35 and over"],
      ["serv", "cie", "Carta d'identità", "Identity card"],
      ["serv", "tari", "TARI", "Waste tax"],
    ]);
    wb.addWorksheet("settings").addRows([
      ["form_title", "form_id"],
      ["Prova", "prova_xls"],
    ]);
    const result = await importXlsForm(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(result.survey.id).toBe("xls_prova_xls");
    expect(result.survey.pages.map((p) => p.id)).toEqual(["profilo", "servizi"]);
    expect(result.survey.pages[1].showIf).toEqual({ question: "figli", gte: 1 });
    const q = new Map(result.survey.pages.flatMap((p) => p.questions).map((x) => [x.id, x]));
    expect(q.get("eta")).toMatchObject({
      type: "single",
      required: true,
      label: { it: "Età", en: "Age" },
      choices: [{ value: "18_34", label: { it: "18–34 anni", en: "18–34 years" } }, { value: "35_plus" }],
    });
    expect(q.get("figli")).toMatchObject({
      type: "number",
      integer: true,
      showIf: { not: { question: "eta", equals: "18_34" } },
    });
    expect(q.get("km")).toMatchObject({ type: "number", integer: false });
    expect(q.get("usati")?.type).toBe("multi");
    expect(q.get("ordine")).toMatchObject({ type: "ranking", size: 2 });
    expect(q.get("quando")?.type).toBe("date");
    expect(q.get("note")).toMatchObject({ type: "text", showIf: { question: "usati", equals: "cie" } });
    expect(result.unmapped).toEqual([]);
    expect(result.notes.join(" ")).not.toMatch(/Manca|copiata/);
  });
});

describe("XLSForm: ranges, nested groups, notes and what is left out", () => {
  it("maps ranges to scales or numbers, carries inner groups' conditions, and lists the rest with a reason", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("survey").addRows([
      ["type", "name", "label", "relevant", "appearance", "parameters", "constraint"],
      ["note", "benvenuto", "Benvenuti"],
      ["range", "voto", "Voto", "", "", "start=0 end=10"],
      ["range", "peso", "Peso", "", "", "start=5 end=1 step=0.5"],
      ["begin group", "g1", "Gruppo"],
      ["select_one sn", "usa", "Usa?", "", "minimal"],
      ["begin group", "g2", "", "${usa} = 'si'"],
      ["text", "perche", "Perché?", "", "multiline", "", ". != ''"],
      ["end group"],
      ["end group"],
      ["begin repeat", "figli", "Figli"],
      ["text", "nome", "Nome"],
      ["end repeat"],
      ["geopoint", "dove", "Dove"],
      ["constructor", "strano", "Tipo strano"],
      ["select_one manca", "x", "Lista assente"],
    ]);
    wb.addWorksheet("choices").addRows([
      ["list_name", "name", "label"],
      ["sn", "si", "Sì"],
      ["sn", "no", "No"],
    ]);
    const result = await importXlsForm(Buffer.from(await wb.xlsx.writeBuffer()), { fileName: "prova.xlsx" });
    expect(result.survey.id).toBe("xls_prova");
    const [loose, g1] = result.survey.pages;
    expect(loose.intro?.it).toBe("Benvenuti");
    const q = new Map(result.survey.pages.flatMap((p) => p.questions).map((x) => [x.id, x]));
    expect(q.get("voto")).toMatchObject({ type: "scale", min: 0, max: 10 });
    expect(q.get("peso")).toMatchObject({ type: "number", min: 1, max: 5, integer: false });
    expect(g1.id).toBe("g1");
    expect(q.get("usa")).toMatchObject({ type: "single", display: "select" });
    expect(q.get("perche")).toMatchObject({ type: "textarea", showIf: { question: "usa", equals: "si" } });
    const reasons = new Map(result.unmapped.map((u) => [u.code, u.reason]));
    expect(reasons.get("benvenuto")).toMatch(/^nota: messa nell'introduzione/);
    expect(reasons.get("perche")).toMatch(/^vincolo/);
    expect(reasons.get("figli")).toMatch(/^gruppo ripetuto/);
    expect(reasons.get("nome")).toMatch(/dentro un gruppo ripetuto/);
    expect(reasons.get("dove")).toBe("tipo «geopoint»: il questionario non raccoglie la posizione GPS");
    // A type named like an Object property is unknown, not «il questionario non raccoglie function …».
    expect(reasons.get("strano")).toBe("tipo «constructor» sconosciuto");
    expect(reasons.get("x")).toMatch(/la lista di scelte «manca» manca/);
    expect(q.has("nome")).toBe(false);
  });
});
