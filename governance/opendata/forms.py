from django import forms

from governance.opendata.models import OpenDataPublication


class OpenDataForm(forms.ModelForm):
    class Meta:
        model = OpenDataPublication
        fields = ["publish_decisions", "publish_systems", "licence", "description", "contact_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
