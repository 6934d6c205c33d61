"""The 2024 survey of seed 003 ("Status för digitalisering i Fyrbodals kommuner", 2024-05-17).

This is shipped content: migration ``0006_maturity_2024`` installs it, and the
demo seeder re-installs it after a test has flushed the database. Change it
only together with a new data migration.

* Every question the report quotes (26), with the report's own wording,
  including its spelling ("förvalning", "öronmärka", "Säkert Digital
  Kommunikation") and without a question mark where the report has none.
* The six-step scale, the forums and the roles and the obstacles the report
  lists. Questions the report reports on its own scale (digital kompetens,
  digital mognad, how the IT environment supports the verksamhet) keep that
  scale; the statements (påståenden) use the agreement scale of Figur 19,
  whose six steps the report names ("inte alls", "dåligt", "delvis",
  "ganska bra", "bra", "helt"). For the statements on teknisk skuld
  (Figur 20) and kompetensmix (Figur 22) the report describes the same six
  steps in words, lowest agreement first; the comment at each figure gives
  the report's words per step.
* The baseline: the percentage per option exactly as the report prints it
  in the text. Where the report gives no number (a figure without text, a
  combined number such as "39 % ostrukturerad eller i utvecklingsfasen") the
  option has none (``None``); "ingen kommun" is printed as 0.
"""

from __future__ import annotations

from decimal import Decimal

NAME = "Status för digitalisering i Fyrbodals kommuner"
YEAR = 2024
SOURCE = (
    "Status för digitalisering i Fyrbodals kommuner, analysrapport, Fyrbodals "
    "kommunalförbund, publicerad 2024-05-17 (Sara Herrman)"
)
BASELINE_LABEL = "Fyrbodal 2024"

SCALE = [
    ("icke_existerande", "Icke-existerande", 1),
    ("ostrukturerad", "Ostrukturerad", 2),
    ("i_utvecklingsfasen", "I utvecklingsfasen", 3),
    ("delvis_etablerad", "Delvis etablerad", 4),
    ("val_fungerande", "Väl fungerande", 5),
    ("fullt_etablerad", "Fullt etablerad", 6),
    ("vet_inte", "Vet inte", None),
]
AGREEMENT = [
    ("stammer_inte_alls", "Stämmer inte alls", 1),
    ("stammer_daligt", "Stämmer dåligt", 2),
    ("stammer_delvis", "Stämmer delvis", 3),
    ("stammer_ganska_bra", "Stämmer ganska bra", 4),
    ("stammer_bra", "Stämmer bra", 5),
    ("stammer_helt", "Stämmer helt", 6),
]


def _p(*values):
    return [None if v is None else Decimal(str(v)) for v in values]


def scale(*percents):
    """Options of the six-step scale; percents in scale order (vet inte last)."""
    percents = _p(*percents) if percents else [None] * len(SCALE)
    return [(c, label, level, p) for (c, label, level), p in zip(SCALE, percents, strict=True)]


def agreement(*percents):
    percents = _p(*percents) if percents else [None] * len(AGREEMENT)
    return [(c, label, level, p) for (c, label, level), p in zip(AGREEMENT, percents, strict=True)]


def choices(*rows):
    """(code, label, percent) rows without levels, or (code, label, level, percent)."""
    out = []
    for row in rows:
        code, label, *rest = row
        level, percent = (None, rest[0]) if len(rest) == 1 else rest
        out.append((code, label, level, None if percent is None else Decimal(str(percent))))
    return out


def q(code, text, kind, area, options=(), *, audience="", omrade="", respondents=None):
    return {
        "code": code,
        "text": text,
        "kind": kind,
        "area": area,
        "options": list(options),
        "audience": audience,
        "verksamhetsomrade": omrade,
        "baseline_respondents": respondents,
    }


SECTIONS = [
    (
        "Initiativ för mellankommunal samverkan",
        "Avsnitt 3.1 i rapporten.",
        [
            q(
                "samverkan_initiativ",
                "Finns det specifika initiativ och projekt som ni ser kan vara gynnsamt att "
                "göra gemensamt med andra kommuner?",
                "text",
                "samverkan",
            ),
            # Figur 2: no numbers in the text.
            q(
                "samverkan_erfarenhet",
                "Vår förvalning har goda erfarenheter av samarbeten med andra kommuner",
                "single",
                "samverkan",
                agreement(),
            ),
            q(
                "samverkan_ledning",
                "Min förvaltningsledning är positiva till att samverka med andra kommuner i "
                "olika frågor",
                "single",
                "samverkan",
                agreement(),
            ),
        ],
    ),
    (
        "Kommunernas förutsättningar för styrning av digitalisering",
        "Avsnitt 3.2.2 i rapporten.",
        [
            # Figur 3: 11 kommuner; 17/28/33/6/2 %.
            q(
                "portfoljstyrning",
                "Hur väl etablerad är portföljstyrning i kommunen?",
                "scale",
                "portfoljstyrning",
                scale(17, 28, 33, 6, 2, None, None),
                respondents=11,
            ),
            # Figur 4: 11 kommuner; 17/28/33/5,5/11 %.
            q(
                "projektstyrning",
                "Hur väl etablerad är projektstyrning i kommunen?",
                "scale",
                "projektstyrning",
                scale(17, 28, 33, 5.5, 11, None, None),
                respondents=11,
            ),
            # Figur 5: väl fungerande 17 %, vet inte 22 % (39 % "ostrukturerad eller i
            # utvecklingsfasen" is a sum of two steps, so neither step gets a number).
            q(
                "informationshantering",
                "Hur väl etablerad är informationshantering (EIM) i kommunen?",
                "scale",
                "informationshantering",
                scale(None, None, None, None, 17, None, 22),
            ),
            # Figur 6: ostrukturerad 11, utvecklingsfas 22, delvis 39, väl fungerande 17 %.
            q(
                "informationssakerhet",
                "Hur väl etablerad är informationssäkerhetsarbetet i kommunen?",
                "scale",
                "informationssakerhet",
                scale(None, 11, 22, 39, 17, None, None),
            ),
            q(
                "mal_fem_ar",
                "Vilka är de viktigaste målen för er förvaltning kopplat till digitalisering de "
                "kommande fem åren?",
                "text",
                "malstyrning",
            ),
        ],
    ),
    (
        "Kommunernas organisatoriska förutsättningar av digitalisering",
        "Avsnitt 3.2.3 i rapporten.",
        [
            # Figur 8: 13 kommuner. 70 % is "låg till medel eller medel" together and 4 %
            # "hög eller banbrytande" together: only "medel till hög" (24 %) is one step.
            q(
                "digital_mognad",
                "Hur upplever du din kommuns digitala mognad?",
                "single",
                "digital_mognad",
                choices(
                    ("mycket_lag", "Mycket låg", None),
                    ("lag_till_medel", "Låg till medel", None),
                    ("medel", "Medel", None),
                    ("medel_till_hog", "Medel till hög", 24),
                    ("hog", "Hög", None),
                    ("banbrytande", "Banbrytande", None),
                ),
                respondents=13,
            ),
            # Figur 9: 11 kommuner. The last two forums are described in the text without
            # a number.
            q(
                "forum",
                "Vilka av följande forum som är viktiga för digitalisering finns på plats i er "
                "kommun?",
                "multiple",
                "forum_roller",
                choices(
                    ("digitaliseringsrad", "Digitaliseringsråd", 33),
                    ("it_rad", "IT-råd", 24),
                    ("informationssakerhetsrad", "Informationssäkerhetsråd", 16),
                    ("portfoljstyrningsforum", "Portföljstyrningsforum", 13),
                    ("anvandarforum", "Användarforum", 3),
                    ("arkitekturrad", "Arkitekturråd", 2),
                    ("it_styrningsforum", "IT-styrningsforum", None),
                    (
                        "samverkansforum",
                        "Samverkansforum mellan förvaltningarna",
                        None,
                    ),
                ),
                respondents=11,
            ),
            # Figur 10: 11 kommuner; no kommun has an enterprisearkitekt (0 %).
            q(
                "roller",
                "Vilka av följande roller som är viktiga för digitalisering finns på plats i er "
                "kommun?",
                "multiple",
                "forum_roller",
                choices(
                    (
                        "informationssakerhetschef",
                        "Informationssäkerhetschef eller informationssäkerhetssamordnare",
                        24,
                    ),
                    ("digitaliseringschef", "Digitaliseringschef eller digitaliseringsstrateg", 20),
                    (
                        "digitaliseringskoordinator",
                        "Digitaliseringskoordinator inom förvaltningarna",
                        17,
                    ),
                    ("projektledare", "Projektledare för digitalisering", 15),
                    ("it_arkitekt", "IT-arkitekt", 12),
                    ("tjanstedesigner", "Tjänstedesigner", 4),
                    ("dataanalytiker", "Dataanalytiker", 4),
                    ("datakvalitetsansvarig", "Datakvalitetsansvarig", 2),
                    ("oppna_data", "Ansvarig för öppna data", 2),
                    ("enterprisearkitekt", "Enterprisearkitekt", 0),
                ),
                respondents=11,
            ),
            # Figur 11: none icke-existerande, none "fungerar mycket väl" (fullt etablerad).
            q(
                "processorientering",
                "Hur väl etablerat är processorienterade arbetssätt i er förvaltning",
                "scale",
                "arbetssatt",
                scale(0, 35, 31, 22, 12, 0, None),
            ),
            q(
                "innovationskultur",
                "Hur väl utvecklad är er förvaltnings kultur när det gäller innovation och att "
                "prova nya digitala lösningar",
                "scale",
                "arbetssatt",
                scale(4, 25, 49, 16, 6, 0, None),
            ),
            # Figur 12.
            q(
                "organisatoriska_hinder",
                "Vilka organisatoriska hinder har förvaltningen kopplat till digitalisering?",
                "multiple",
                "hinder",
                choices(
                    ("forandringstrangsel", "Förändringsträngsel", 30),
                    ("expertis", "Bristande tillgång till expertis", 25),
                    ("ledarskap", "Bristande ledarskap och styrning", 20),
                    ("motstand", "Motstånd till förändring", 13),
                    ("samarbete", "Bristande samarbete mellan verksamheter", 12),
                ),
            ),
            # Figur 13 (verksamhetsnära): the report's own five steps.
            q(
                "digital_kompetens",
                "Hur skulle du beskriva den övergripande digitala kompetensen inom er förvaltning?",
                "single",
                "kompetens",
                choices(
                    ("mycket_lag", "Mycket låg", 2),
                    ("lag", "Låg", 20),
                    ("medel", "Medel", 50),
                    ("hog", "Hög", 29),
                    ("mycket_hog", "Mycket hög eller utmärkt", 0),
                ),
                audience="verksamhet",
            ),
            # Figur 14 (IT-nära).
            q(
                "bestallarkompetens",
                "Hur upplevs verksamhetens beställarkompetens av IT-medarbetare?",
                "scale",
                "kompetens",
                scale(0, 0, 10, 50, 10, 0, 30),
                audience="it",
                omrade="it",
            ),
        ],
    ),
    (
        "Kommunernas ekonomiska förutsättningar",
        "Avsnitt 3.2.4 i rapporten.",
        [
            # Figur 15.
            q(
                "finansiering",
                "Hur skulle du beskriva er förvaltnings finansiering av digitalisering med "
                "avseende på att avsätta specifika öronmärka ekonomiska medel?",
                "scale",
                "finansiering",
                scale(16, 27, 22, 12, 6, 2, 16),
            ),
            # Figur 16: none väl fungerande or fullt etablerad.
            q(
                "nyttorealisering",
                "Hur väl etablerat är nyttokalkyler och nyttorealisering i er förvaltning?",
                "scale",
                "nyttorealisering",
                scale(14, 37, 16, 22, 0, 0, 12),
            ),
        ],
    ),
    (
        "Kommunens tekniska förutsättningar",
        "Avsnitt 3.2.5 i rapporten.",
        [
            # Figur 17 (IT-nära).
            q(
                "systemforvaltning",
                "Hur väl etablerad är er kommuns systemförvaltningsmodell?",
                "scale",
                "systemforvaltning",
                scale(0, 10, 10, 40, 30, 0, 10),
                audience="it",
                omrade="it",
            ),
            # Figur 18.
            q(
                "arkitekturstyrning",
                "Hur väl etablerad är er arkitekturstyrningsmodell i kommunen?",
                "scale",
                "arkitektur",
                scale(1, 30, 30, 10, 10, 0, 10),
                omrade="it",
            ),
            # Figur 19: inte alls 10, dåligt 0, delvis 10, ganska bra 40, bra 40, helt 0.
            q(
                "infrastruktur",
                "Vår organisations IT-avdelning har en kostnadseffektiv infrastruktur som "
                "möjliggör innovation och snabb utveckling",
                "single",
                "infrastruktur",
                agreement(10, 0, 10, 40, 40, 0),
                audience="it",
                omrade="it",
            ),
            # Figur 20, in the report's words: extremt hög skuld 0 (inte alls), hög 10,
            # måttlig 40, låg 40, mycket låg 10, helt saknar teknisk skuld 0 (helt).
            q(
                "teknisk_skuld",
                "Vår organisations IT-avdelning har en mycket låg nivå av teknisk skuld (dvs "
                "bristfällig systemdokumentation och uppskjuten utveckling)",
                "single",
                "infrastruktur",
                agreement(0, 10, 40, 40, 10, 0),
                audience="it",
                omrade="it",
            ),
            # Figur 21: the steps are described without numbers; no kommun fullt etablerad.
            q(
                "sdk",
                "Hur långt har ni kommit i införandet av Säkert Digital Kommunikation (SDK)?",
                "scale",
                "saker_kommunikation",
                scale(None, None, None, None, None, 0, None),
                audience="it",
                omrade="it",
            ),
            # Figur 22, in the report's words: helt otillräcklig 0 (inte alls), bristfällig
            # 10, i viss mån 20, tillfredsställande 30, utmärkt 40, fullständigt 0 (helt).
            q(
                "kompetensmix",
                "Vår organisations IT-avdelning har en mycket bra kompetensmix bland våra "
                "medarbetare som stödjer såväl existerande som förväntade behov",
                "single",
                "it_stod",
                agreement(0, 10, 20, 30, 40, 0),
                audience="it",
                omrade="it",
            ),
            # Figur 23 (verksamhetsnära): the report's own six steps.
            q(
                "it_miljo",
                "Hur upplever du att er nuvarande IT-miljö stöder din verksamhets behov?",
                "single",
                "it_stod",
                choices(
                    ("inte_alls", "Stöder inte alls", 1, 0),
                    ("otillrackligt", "Otillräckligt stöd", 2, 6),
                    ("delvis", "Delvis stöd", 3, 37),
                    ("tillfredsstallande", "Tillfredsställande stöd", 4, 39),
                    ("mycket_bra", "Mycket bra stöd", 5, 18),
                    ("fullstandigt", "Fullständigt stöd", 6, 0),
                ),
                audience="verksamhet",
            ),
            # Figur 24 (verksamhetsnära).
            q(
                "tekniska_hinder",
                "Vilka tekniska hinder har förvaltningen kopplat till genomförandet av "
                "digitaliseringsinitiativ?",
                "multiple",
                "hinder",
                choices(
                    ("expertis", "Brist på tillgänglig expertis", 26),
                    ("systemkomplexitet", "Systemkomplexitet", 25),
                    ("leverantorsberoende", "Leverantörsberoende", 19),
                    ("datasakerhet", "Datasäkerhet och integritet", 16),
                    ("foraldrade_system", "Föråldrade system", 13),
                ),
                audience="verksamhet",
            ),
        ],
    ),
]


def install(models) -> object:
    """Create the 2024 questionnaire unless it exists. ``models``: name -> model class.

    Works with the real models (demo seeder) and a migration's historical ones.
    It has no owner: it ships with the portal and every kommun and network may
    use it.
    """
    Questionnaire = models["Questionnaire"]
    existing = Questionnaire.objects.filter(name=NAME, year=YEAR).first()
    if existing is not None:
        return existing
    questionnaire = Questionnaire.objects.create(
        name=NAME,
        year=YEAR,
        source=SOURCE,
        baseline_label=BASELINE_LABEL,
        description=(
            "Enkäten som nyckelpersoner i Fyrbodals kommuner besvarade 2024, med rapportens "
            "formuleringar och den publicerade fördelningen för nätverket som jämförelsetal."
        ),
    )
    for s_order, (title, intro, questions) in enumerate(SECTIONS, start=1):
        section = models["Section"].objects.create(
            questionnaire=questionnaire, order=s_order, title=title, intro=intro
        )
        for q_order, spec in enumerate(questions, start=1):
            question = models["Question"].objects.create(
                questionnaire=questionnaire,
                section=section,
                order=q_order,
                code=spec["code"],
                text=spec["text"],
                kind=spec["kind"],
                area=spec["area"],
                audience=spec["audience"],
                verksamhetsomrade=spec["verksamhetsomrade"],
                baseline_respondents=spec["baseline_respondents"],
            )
            models["Option"].objects.bulk_create(
                models["Option"](
                    question=question,
                    order=o_order,
                    code=code,
                    label=label,
                    level=level,
                    baseline_percent=percent,
                )
                for o_order, (code, label, level, percent) in enumerate(spec["options"], start=1)
            )
    return questionnaire
