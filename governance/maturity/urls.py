from django.urls import path

from governance.maturity.views import answering, campaigns, results

urlpatterns = [
    path("mognad/", campaigns.maturity_home, name="maturity_home"),
    path("mognad/enkat/<int:pk>/", campaigns.questionnaire_detail, name="maturity_questionnaire"),
    path("mognad/omgang/ny/", campaigns.campaign_add, name="maturity_campaign_add"),
    path("mognad/omgang/<int:pk>/", campaigns.campaign_detail, name="maturity_campaign"),
    path("mognad/omgang/<int:pk>/stang/", campaigns.campaign_close, name="maturity_close"),
    path("mognad/omgang/<int:pk>/natverk/", results.network, name="maturity_network"),
    path("mognad/omgang/<int:pk>/varmekarta/", results.heatmap, name="maturity_heatmap"),
    path(
        "mognad/kommun/<int:pk>/",
        campaigns.participation_detail,
        name="maturity_participation",
    ),
    path(
        "mognad/kommun/<int:pk>/svarande/ny/",
        campaigns.respondent_add,
        name="maturity_respondent_add",
    ),
    path("mognad/kommun/<int:pk>/dela/", campaigns.participation_share, name="maturity_share"),
    path(
        "mognad/kommun/<int:pk>/svar.xlsx",
        campaigns.participation_export,
        name="maturity_export",
    ),
    path("mognad/kommun/<int:pk>/resultat/", results.results, name="maturity_results"),
    path(
        "mognad/kommun/<int:pk>/initiativ/<slug:area>/",
        results.gap_initiative,
        name="maturity_gap",
    ),
    path(
        "mognad/svarande/<int:pk>/ta-bort/",
        campaigns.respondent_remove,
        name="maturity_respondent_remove",
    ),
    path("mognad/svar/<int:pk>/", answering.form_overview, name="maturity_form"),
    path(
        "mognad/svar/<int:pk>/del/<int:number>/",
        answering.form_section,
        name="maturity_form_section",
    ),
    path("mognad/svar/<int:pk>/skicka/", answering.form_submit, name="maturity_form_submit"),
]
