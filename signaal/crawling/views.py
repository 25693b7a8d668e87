"""Staff pages for sources, crawl runs and ads (to be built: issue 5)."""

from django.shortcuts import render

from signaal.accounts.access import staff_view


@staff_view("ads.view")
def ad_list(request):
    return render(request, "staff/home.html", {"queues": []})
