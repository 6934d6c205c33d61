"""Issue 15: the 2024 survey of seed 003 ships with the product, with its published baseline.

The expected questions and figures are written out here from the report
(Figur 3–24 and their text); the test never reads the data module.
"""

from decimal import Decimal

import pytest

from governance.maturity.models import Option, Question, Questionnaire

pytestmark = pytest.mark.django_db

NAME = "Status för digitalisering i Fyrbodals kommuner"
S = ["Icke-existerande", "Ostrukturerad", "I utvecklingsfasen", "Delvis etablerad"]
S += ["Väl fungerande", "Fullt etablerad", "Vet inte"]
A = ["Stämmer inte alls", "Stämmer dåligt", "Stämmer delvis", "Stämmer ganska bra"]
A += ["Stämmer bra", "Stämmer helt"]
_ = None

# (question text exactly as the report quotes it, kind, {option label: percent or None})
EXPECTED = [
    (
        "Finns det specifika initiativ och projekt som ni ser kan vara gynnsamt att göra "
        "gemensamt med andra kommuner?",
        "text",
        {},
    ),
    (
        "Vår förvalning har goda erfarenheter av samarbeten med andra kommuner",
        "single",
        dict.fromkeys(A),
    ),
    (
        "Min förvaltningsledning är positiva till att samverka med andra kommuner i olika frågor",
        "single",
        dict.fromkeys(A),
    ),
    (
        "Hur väl etablerad är portföljstyrning i kommunen?",
        "scale",
        dict(zip(S, [17, 28, 33, 6, 2, _, _], strict=True)),
    ),
    (
        "Hur väl etablerad är projektstyrning i kommunen?",
        "scale",
        dict(zip(S, [17, 28, 33, "5.5", 11, _, _], strict=True)),
    ),
    (
        "Hur väl etablerad är informationshantering (EIM) i kommunen?",
        "scale",
        dict(zip(S, [_, _, _, _, 17, _, 22], strict=True)),
    ),
    (
        "Hur väl etablerad är informationssäkerhetsarbetet i kommunen?",
        "scale",
        dict(zip(S, [_, 11, 22, 39, 17, _, _], strict=True)),
    ),
    (
        "Vilka är de viktigaste målen för er förvaltning kopplat till digitalisering de kommande "
        "fem åren?",
        "text",
        {},
    ),
    (
        "Hur upplever du din kommuns digitala mognad?",
        "single",
        {
            "Mycket låg": _,
            "Låg till medel": _,
            "Medel": _,
            "Medel till hög": 24,
            "Hög": _,
            "Banbrytande": _,
        },
    ),
    (
        "Vilka av följande forum som är viktiga för digitalisering finns på plats i er kommun?",
        "multiple",
        {
            "Digitaliseringsråd": 33,
            "IT-råd": 24,
            "Informationssäkerhetsråd": 16,
            "Portföljstyrningsforum": 13,
            "Användarforum": 3,
            "Arkitekturråd": 2,
            "IT-styrningsforum": _,
            "Samverkansforum mellan förvaltningarna": _,
        },
    ),
    (
        "Vilka av följande roller som är viktiga för digitalisering finns på plats i er kommun?",
        "multiple",
        {
            "Informationssäkerhetschef eller informationssäkerhetssamordnare": 24,
            "Digitaliseringschef eller digitaliseringsstrateg": 20,
            "Digitaliseringskoordinator inom förvaltningarna": 17,
            "Projektledare för digitalisering": 15,
            "IT-arkitekt": 12,
            "Tjänstedesigner": 4,
            "Dataanalytiker": 4,
            "Datakvalitetsansvarig": 2,
            "Ansvarig för öppna data": 2,
            "Enterprisearkitekt": 0,
        },
    ),
    (
        "Hur väl etablerat är processorienterade arbetssätt i er förvaltning",
        "scale",
        dict(zip(S, [0, 35, 31, 22, 12, 0, _], strict=True)),
    ),
    (
        "Hur väl utvecklad är er förvaltnings kultur när det gäller innovation och att prova nya "
        "digitala lösningar",
        "scale",
        dict(zip(S, [4, 25, 49, 16, 6, 0, _], strict=True)),
    ),
    (
        "Vilka organisatoriska hinder har förvaltningen kopplat till digitalisering?",
        "multiple",
        {
            "Förändringsträngsel": 30,
            "Bristande tillgång till expertis": 25,
            "Bristande ledarskap och styrning": 20,
            "Motstånd till förändring": 13,
            "Bristande samarbete mellan verksamheter": 12,
        },
    ),
    (
        "Hur skulle du beskriva den övergripande digitala kompetensen inom er förvaltning?",
        "single",
        {"Mycket låg": 2, "Låg": 20, "Medel": 50, "Hög": 29, "Mycket hög eller utmärkt": 0},
    ),
    (
        "Hur upplevs verksamhetens beställarkompetens av IT-medarbetare?",
        "scale",
        dict(zip(S, [0, 0, 10, 50, 10, 0, 30], strict=True)),
    ),
    (
        "Hur skulle du beskriva er förvaltnings finansiering av digitalisering med avseende på "
        "att avsätta specifika öronmärka ekonomiska medel?",
        "scale",
        dict(zip(S, [16, 27, 22, 12, 6, 2, 16], strict=True)),
    ),
    (
        "Hur väl etablerat är nyttokalkyler och nyttorealisering i er förvaltning?",
        "scale",
        dict(zip(S, [14, 37, 16, 22, 0, 0, 12], strict=True)),
    ),
    (
        "Hur väl etablerad är er kommuns systemförvaltningsmodell?",
        "scale",
        dict(zip(S, [0, 10, 10, 40, 30, 0, 10], strict=True)),
    ),
    (
        "Hur väl etablerad är er arkitekturstyrningsmodell i kommunen?",
        "scale",
        dict(zip(S, [1, 30, 30, 10, 10, 0, 10], strict=True)),
    ),
    (
        "Vår organisations IT-avdelning har en kostnadseffektiv infrastruktur som möjliggör "
        "innovation och snabb utveckling",
        "single",
        dict(zip(A, [10, 0, 10, 40, 40, 0], strict=True)),
    ),
    (
        "Vår organisations IT-avdelning har en mycket låg nivå av teknisk skuld (dvs bristfällig "
        "systemdokumentation och uppskjuten utveckling)",
        "single",
        dict(zip(A, [0, 10, 40, 40, 10, 0], strict=True)),
    ),
    (
        "Hur långt har ni kommit i införandet av Säkert Digital Kommunikation (SDK)?",
        "scale",
        dict(zip(S, [_, _, _, _, _, 0, _], strict=True)),
    ),
    (
        "Vår organisations IT-avdelning har en mycket bra kompetensmix bland våra medarbetare "
        "som stödjer såväl existerande som förväntade behov",
        "single",
        dict(zip(A, [0, 10, 20, 30, 40, 0], strict=True)),
    ),
    (
        "Hur upplever du att er nuvarande IT-miljö stöder din verksamhets behov?",
        "single",
        {
            "Stöder inte alls": 0,
            "Otillräckligt stöd": 6,
            "Delvis stöd": 37,
            "Tillfredsställande stöd": 39,
            "Mycket bra stöd": 18,
            "Fullständigt stöd": 0,
        },
    ),
    (
        "Vilka tekniska hinder har förvaltningen kopplat till genomförandet av "
        "digitaliseringsinitiativ?",
        "multiple",
        {
            "Brist på tillgänglig expertis": 26,
            "Systemkomplexitet": 25,
            "Leverantörsberoende": 19,
            "Datasäkerhet och integritet": 16,
            "Föråldrade system": 13,
        },
    ),
]


def test_the_2024_questionnaire_ships_with_the_report_s_26_questions_in_order():
    survey = Questionnaire.objects.get(name=NAME, year=2024)
    questions = list(Question.objects.filter(questionnaire=survey))
    assert len(questions) == 26 == len(EXPECTED)
    assert [q.text for q in questions] == [text for text, _kind, _opts in EXPECTED]
    assert [q.kind for q in questions] == [kind for _text, kind, _opts in EXPECTED]
    assert survey.sections.count() == 5
    assert survey.kommun_id is None and survey.samverkan_id is None  # ships for everyone


@pytest.mark.parametrize("index", range(len(EXPECTED)))
def test_baseline_figures_are_the_published_ones_and_none_is_invented(index):
    text, _kind, expected = EXPECTED[index]
    question = Question.objects.get(questionnaire__name=NAME, text=text)
    got = {o.label: o.baseline_percent for o in question.options.all()}
    want = {label: None if p is None else Decimal(str(p)) for label, p in expected.items()}
    assert got == want


def test_vet_inte_never_counts_as_a_level_and_the_scale_has_six_steps():
    scale_options = Option.objects.filter(
        question__kind="scale", question__questionnaire__year=2024
    )
    assert set(scale_options.filter(label="Vet inte").values_list("level", flat=True)) == {None}
    levels = scale_options.exclude(label="Vet inte").values_list("level", flat=True)
    assert set(levels) == {1, 2, 3, 4, 5, 6}


def test_the_number_of_kommuner_answering_is_stored_only_where_the_report_gives_it():
    counts = dict(
        Question.objects.filter(questionnaire__name=NAME, baseline_respondents__isnull=False)
        .values_list("code", "baseline_respondents")
        .order_by("code")
    )
    assert counts == {
        "digital_mognad": 13,
        "forum": 11,
        "portfoljstyrning": 11,
        "projektstyrning": 11,
        "roller": 11,
    }
