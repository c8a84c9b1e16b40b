"""Build the shipped example NPS survey (synthetic, hand-written verbatims).

Simulates a Webankieta export of a post-purchase NPS survey run by a Polish
online + offline electronics / home-goods retailer (Jan-Jun 2025).

    python examples/make_example.py

writes, next to this script:

* ``nps_survey.csv``  - ``;`` separated, cp1250, CRLF, minimal ``"`` quoting.
  Characters cp1250 cannot hold (emoji, Cyrillic) become ``?`` exactly as a
  real cp1250 export would do.
* ``nps_survey.xlsx`` - the same rows, full Unicode, sheet "Odpowiedzi".

Everything is deterministic (``random.Random(2024)``, no network): re-running
reproduces the CSV byte-for-byte (and the XLSX too: zip timestamps and
document properties are pinned).

All people, e-mails, phone numbers, the PESEL (checksum-valid, made up) and
the IBAN (the textbook example) are fictitious; they are planted so that a
GDPR redactor has something to catch.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

SEED = 2024
HERE = Path(__file__).resolve().parent
CSV_PATH = HERE / "nps_survey.csv"
XLSX_PATH = HERE / "nps_survey.xlsx"

COLUMNS = [
    "ID odpowiedzi",
    "Data wypełnienia",
    "Kanał",
    "Region",
    "Na ile prawdopodobne jest, że polecisz nas znajomemu? (0-10)",
    "Dlaczego wystawiłeś(-aś) taką ocenę?",
]

# ---------------------------------------------------------------------------
# Hand-written verbatims.  Groups: "pro" (9-10), "pas" (7-8), "det" (0-6).
# ---------------------------------------------------------------------------

PL_PRO = [
    "Szybka dostawa, paczka była u mnie następnego dnia. Polecam!",
    "Zamówiłem w poniedziałek wieczorem, we wtorek rano kurier już dzwonił. Super.",
    "Bardzo dobre ceny, taniej niż w innych sklepach z elektroniką.",
    "Pani w sklepie w galerii bardzo pomocna, doradziła mi odkurzacz i nie wciskała najdroższego.",
    "Wszystko zgodnie z opisem, dostawa ekspresowa.",
    "szybka dostawa, polecam",
    "Ceny konkurencyjne, a do tego darmowa dostawa od 99 zł.",
    "Kupuję u Was od lat i nigdy się nie zawiodłam.",
    "Sprzedawca znał się na rzeczy, wytłumaczył różnice między modelami telewizorów.",
    "Paczka dotarła w 24h, dobrze zapakowana, nic się nie zniszczyło.",
    "Nie mam zastrzeżeń, wszystko przebiegło sprawnie.",
    "Świetna promocja na słuchawki, cena o 200 zł niższa niż gdzie indziej 👍",
    "Konsultant na czacie odpowiedział w minutę i od razu rozwiązał problem.",
    "Odbiór w sklepie po 2 godzinach od zamówienia, rewelacja.",
    "Bardzo miła obsługa przy kasie, szybko i bez kolejki.",
    "Zwrot pieniędzy przyszedł już na drugi dzień po odesłaniu towaru.",
    "Aplikacja działa sprawnie, zamówienie złożone w 2 minuty.",
    "Dobra cena i szybka wysyłka, czego chcieć więcej.",
    "polecam",
    "super",
    "Wszystko ok, kurier przyjechał punktualnie.",
    "Pan Marek z działu AGD bardzo kompetentny, pomógł dobrać pralkę do małej łazienki.",
    "Tanio, szybko i bez problemów.",
    "Produkt zgodny z opisem, dobrze zapakowany, dostawa na czas.",
    "Najlepsze ceny na rynku, sprawdzałem w porównywarce.",
    "Kurier bardzo uprzejmy, wniósł lodówkę na 4 piętro bez windy.",
    "Montaż zmywarki zrobiony profesjonalnie, panowie posprzątali po sobie.",
    "Bardzo szybka realizacja zamówienia, śledzenie przesyłki działało bez zarzutu.",
    "Zamawiałam prezent na ostatnią chwilę na Dzień Matki i dotarł na czas, dziękuję!",
    "Ekspedientka cierpliwie odpowiedziała na wszystkie moje pytania ❤️",
    "obsluga bardzo mila i pomocna, ceny tez ok",
    "Raty 0% bez problemu, wszystko załatwione w sklepie w 15 minut.",
    "Sprawnie, szybko, profesjonalnie.",
    "Świetny kontakt z obsługą, szybka dostawa, produkt bez wad. Na pewno wrócę.",
    "Cena niższa niż u konkurencji, a dostawa gratis.",
    "Dobra promocja w aplikacji, kod rabatowy zadziałał od razu.",
    "Dostawa w ciągu jednego dnia roboczego, jestem pod wrażeniem.",
    "Polecam, wszystko przyszło szybko i w idealnym stanie 🙂",
    "Paczkomat, odebrane następnego dnia, zero problemów.",
    "Miły pan na infolinii, odebrał po minucie i wszystko wyjaśnił.",
    "Super ceny w wyprzedaży noworocznej, kupiłem laptopa dużo taniej.",
    "Doradca w sklepie stacjonarnym naprawdę pomógł, bez niego kupiłbym zły model.",
    "Wymiana gwarancyjna bez żadnych problemów, nowy ekspres dostałem w tydzień.",
    "Jestem stałym klientem, ceny i obsługa zawsze na plus.",
    "Szybko i tanio 😀",
    "Zamówienie przyszło szybciej niż obiecywali.",
    "Duży wybór, dobre ceny, szybka dostawa.",
    "Wszystko super, nie mam się do czego przyczepić.",
    "Ceny w porządku, a obsługa w sklepie na Mokotowie bardzo pomocna.",
    "Bezproblemowe zakupy, polecam każdemu.",
    "Bardzo dobra obsługa klienta, pani z czatu pomogła zmienić adres dostawy już po złożeniu zamówienia.",
    "Przesyłka dotarła ekspresowo, a sprzęt działa bez zarzutu.",
    "kurier przyjechal szybko, wszystko cale",
    "Najtańszy telewizor w tej klasie, a do tego dostawa z wniesieniem gratis.",
    "Bardzo sympatyczny personel, widać, że lubią swoją pracę.",
    "Pełen profesjonalizm. Szybka wysyłka i świetny kontakt.",
    "Zakup w aplikacji prosty i intuicyjny, płatność BLIKiem w sekundę.",
    "Dobrze, szybko, tanio.",
    "Dostałem fakturę VAT od razu mailem, wszystko się zgadzało.",
    "Świetny stosunek jakości do ceny.",
    "Pomocny sprzedawca, szybka obsługa, krótka kolejka do kasy.",
    "Ekspresowa dostawa, nawet w sobotę!",
    "Obsługa na piątkę, ceny też.",
    "Kupiłam robota sprzątającego w promocji, działa świetnie, a dostawa zajęła jeden dzień.",
    "Czysto, przestronnie, wszystko łatwo znaleźć w sklepie.",
    "Konsultantka na infolinii była bardzo kompetentna i miła.",
    "Nie mam zastrzeżeń. Polecam.",
    "Zamówienie gotowe do odbioru po godzinie, super opcja.",
    "Bardzo dobre ceny na akcesoria, kable tańsze niż na aukcjach.",
    "Szybka dostawa i dobra cena, to wszystko czego potrzebuję.",
    "Kurier zadzwonił przed przyjazdem, bardzo uprzejmy.",
    "Pani w punkcie odbioru pomogła mi sprawdzić zawartość paczki, super podejście.",
    "Przyjemne zakupy, sprzęt działa, a obsługa była pomocna.",
    "Wszystko zgodnie z planem, dostawa w zapowiedzianym oknie czasowym.",
    "Wow, paczka w 20 godzin!",
    "Doskonała obsługa, szybka wysyłka, atrakcyjne ceny. 10/10",
    "Bardzo dobre doświadczenie, w końcu sklep, który dotrzymuje terminów.",
    "Ceny super, szczególnie w aplikacji są dodatkowe rabaty.",
    "Pracownik działu RTV poświęcił mi pół godziny i nie naciskał na zakup.",
    "Tanio i porządnie zapakowane.",
    "Dostawa na czas, montaż pralki gratis, rewelacja.",
    "pomocny personel i szybka dostawa, polecam serdecznie",
    "Miła niespodzianka - dostałam rabat na następne zakupy.",
    "Bardzo łatwy zwrot w sklepie, bez zbędnych pytań.",
    "Najlepszy sklep z elektroniką w mieście.",
    "Wszystko przebiegło bez zarzutu od zamówienia po dostawę.",
    "Mega szybko!!! 👍👍",
    "Ok, wszystko dobrze, polecam.",
    "Byłem mile zaskoczony szybkością dostawy i niską ceną.",
    "Konkretna obsługa, bez ściemy.",
    "Sprzedawca doradził tańszy model, który w zupełności mi wystarcza. Szacunek za uczciwość.",
    "Ceny niższe niż w markecie obok, a obsługa dużo lepsza.",
    "Fajne promocje dla członków programu lojalnościowego.",
    "Przedłużona gwarancja w dobrej cenie, pani wszystko dokładnie wytłumaczyła.",
    "Szybka dostawa. Dobre ceny. Miła obsługa. Czego chcieć więcej?",
    "Zamówienie dotarło dzień przed terminem 😀",
    "Jak zawsze profesjonalnie.",
    "Wreszcie sklep, w którym ktoś wie, co sprzedaje.",
    "Kupiłem w sobotę, w poniedziałek już grało. Dzięki!",
    "cena",
    "SUPER SKLEP, POLECAM WSZYSTKIM!!!",
    "bardzo dobże, szybka dostawa",
    "zamuwienie doszlo szybko, wszystko gra",
    "polecm, tanio i szybko",
    "Ceny dobre; dostawa szybka; obsługa miła.",
    "Obsługa w sklepie: rewelacja; doradztwo: rewelacja; cena: rewelacja.",
    "Plusy:\n- szybka dostawa\n- dobra cena\n- miły kurier\nMinusy:\n- brak",
    "Bardzo szybko.\nDziękuję i pozdrawiam!",
    (
        "Jestem bardzo zadowolona z zakupów. Zamówiłam w niedzielę wieczorem pralkę i suszarkę, "
        "w poniedziałek dostałam SMS z dokładnym oknem dostawy, a we wtorek rano panowie wnieśli "
        "wszystko na trzecie piętro, podłączyli pralkę, zabrali stary sprzęt i karton. Cena była "
        "najniższa, jaką znalazłam w internecie, a dodatkowo dostałam kod rabatowy na kolejne zakupy. "
        "Naprawdę nie mam się do czego przyczepić, będę polecać znajomym."
    ),
    (
        "Długo szukałem dobrego ekspresu do kawy i w końcu pojechałem do Waszego sklepu stacjonarnego. "
        "Sprzedawca, chyba pan Paweł, poświęcił mi dobre czterdzieści minut, zrobił kawę z trzech różnych "
        "ekspresów, wytłumaczył, czym się różnią młynki i jak je czyścić, a na koniec sam powiedział, że "
        "najdroższy model nie ma dla mnie sensu. Cena i tak była niższa niż w internecie. Tak się buduje "
        "lojalność klienta, brawo."
    ),
    "Podziękowania dla pani Ani z działu AGD! Gdybyście chcieli szczegółów, mój mail: ania.wisniewska84@o2.pl",
    "Szybka dostawa, dobre ceny. Jak coś to dzwońcie: 601-234-567",
]

PL_PAS = [
    "Produkt super, ale dostawa trwała tydzień.",
    "Ogólnie ok, ale mogłoby być taniej.",
    "Dostawa szybka, ale opakowanie było trochę zgniecione.",
    "Dobre ceny, ale w sklepie długa kolejka do kasy.",
    "W porządku, nic specjalnego.",
    "ok",
    "Obsługa miła, ale musiałam długo czekać, aż ktoś podejdzie.",
    "Wszystko dotarło, ale kurier nie zadzwonił wcześniej.",
    "Aplikacja czasem się zawiesza, ale zamówienie doszło bez problemu.",
    "Ceny przeciętne, dostawa standardowa.",
    "Trochę za drogo za dostawę, 19,99 zł to przesada przy małym zamówieniu.",
    "Opis produktu mógłby być dokładniejszy, rozmiar się zgadzał, ale kolor nie do końca.",
    "Niby wszystko dobrze, ale spodziewałem się czegoś więcej po takim sklepie.",
    "Przesyłka doszła na czas, ale śledzenie paczki nie aktualizowało się przez 2 dni.",
    "Dobry wybór, ale połowa rzeczy tylko na zamówienie, nie od ręki.",
    "Za dużo maili marketingowych, poza tym ok.",
    "Zakupy ok, ale ta ankieta jest za długa.",
    "Jest ok. Bez rewelacji.",
    "Cena dobra, obsługa taka sobie.",
    "Produkt w porządku, ale instrukcja tylko po angielsku.",
    "Wszystko dotarło, choć jeden dzień później niż obiecano.",
    "W sklepie czysto, ale brakowało cen na części produktów.",
    "dostawa",
    "Sprzedawca miły, ale nie potrafił odpowiedzieć na pytania techniczne.",
    "Kurier w porządku, ale zostawił paczkę u sąsiada bez pytania.",
    "Powiadomienia z aplikacji są zbyt częste, wyłączyłem.",
    "Ceny ok, ale promocje często są pozorne — najpierw podnosicie, potem obniżacie.",
    "Dobrze, ale na infolinii czekałem 15 minut.",
    "Sama dostawa sprawna, ale paczka była źle zabezpieczona, na szczęście nic się nie stało.",
    "Niezłe ceny; obsługa mogłaby być szybsza.",
    "Zamówienie ok, ale logowanie do konta to koszmar, ciągle wylogowuje.",
    "Wszystko dobrze, tylko za dużo zgód do zaznaczenia przy rejestracji.",
    "szybko ale drogo",
    "Dostałem to, co zamówiłem. Tyle.",
    "produkt ok, wysylka troche dluga",
    "Nie mam większych zastrzeżeń, ale też nie jestem zachwycony.",
    "Fajny sklep, tylko parking zawsze zapchany.",
    "Czat odpowiada szybko, ale to chyba bot, bo odpowiedzi są ogólnikowe.",
    "Dostawa w porządku, natomiast faktura przyszła dopiero po tygodniu.",
    "Średnio. Kolejki w weekend są ogromne.",
    "Produkt dobry, ale w opisie było napisane, że ma Wi-Fi, a nie ma.",
    "Dobra cena; szybka dostawa; ale kurier rzucił paczką pod drzwi.",
    "Ok, ale mogliby dodać więcej metod płatności, np. odroczone płatności.",
    "Jest dobrze, choć bywało lepiej.",
    "Ogólnie zadowolony, minus za brak informacji o opóźnieniu.",
    "Bez większych problemów.",
    "Zakupy przeszły sprawnie, ale polityka prywatności jest niejasna, nie wiem, komu przekazujecie moje dane.",
    "Dobra obsługa, ale mała dostępność produktów w sklepie stacjonarnym.",
    "Wszystko ok, ale nie rozumiem, czemu aplikacja wymaga dostępu do lokalizacji.",
    "nie wiem, raczej ok",
    "Produkt OK.\nDostawa OK.\nCena mogłaby być niższa.",
    "obsluga spoko ale cena za wysoka",
    "przesylka dotarla szybko ale kurier byl nie mily",
    "Za ankietę dziękuję, ale pytania są zbyt ogólne.",
    "Dostawa szybka, ale za wniesienie dopłata 49 zł, o której nikt nie uprzedził.",
    "Telewizor dobry, ale pilot w zestawie inny niż na zdjęciu.",
]

PL_DET = [
    "Dostawa trwała prawie dwa tygodnie, a w sklepie pisało 24h.",
    "Czekałem na infolinii 40 minut i nikt nie odebrał.",
    "Reklamacja ciągnie się od miesiąca, zero informacji.",
    "Aplikacja wyrzuca błąd przy płatności, trzy razy próbowałem złożyć zamówienie.",
    "obsluga klienta tragiczna",
    "NIE POLECAM!!! PACZKA SZŁA 10 DNI A NA INFOLINII NIKT NIE ODBIERA 😡",
    "Zwrot pieniędzy po odstąpieniu od umowy trwa już 3 tygodnie, skandal.",
    "Zamówienie anulowane bez powodu, pieniądze wróciły dopiero po 10 dniach.",
    "Kurier nie przyjechał w umówionym terminie, a potem oznaczył, że nie było mnie w domu.",
    "Pół godziny na linii z konsultantem, a i tak nie pomógł.",
    "Aplikacja się zawiesza przy dodawaniu do koszyka.",
    "Nie polecam, opóźnienie dostawy o tydzień bez żadnej informacji.",
    "Reklamacja odrzucona bez sensownego uzasadnienia, wada fabryczna ewidentna.",
    "Paczka przyszła uszkodzona, karton rozerwany, ekran telewizora pęknięty.",
    "BLIK nie przechodzi, kod wygasa, zanim strona załaduje potwierdzenie.",
    "Nie da się zalogować do aplikacji od ostatniej aktualizacji.",
    "Czas oczekiwania na infolinii to jakiś żart.",
    "dostawa sie opoznila o 5 dni, nikt nie poinformowal",
    "Tragedia. Zamówiłem na urodziny syna, prezent dotarł tydzień po urodzinach.",
    "Procedura zwrotu jest tak skomplikowana, że prawie zrezygnowałem.",
    "Naliczono mi opłatę za dostawę, mimo że miała być darmowa.",
    "Dwa razy pobrano pieniądze za to samo zamówienie i od tygodnia czekam na zwrot.",
    "Kurier był niemiły i rzucił paczką.",
    "Status przesyłki od 5 dni 'w przygotowaniu', a infolinia nie odbiera.",
    "Appka crashuje na Androidzie przy próbie zapłaty.",
    "Gwarancja to fikcja, serwis trzyma mój laptop już 6 tygodni.",
    "ZERO KONTAKTU. MAILE BEZ ODPOWIEDZI, INFOLINIA ZAJĘTA. SKANDAL!!!",
    "Produkt niezgodny z opisem, a zwrot na mój koszt.",
    "Zamówiłem pralkę, przyszła z wgnieceniem, a reklamację rozpatrujecie już 3 tygodnie.",
    "Nie polecam. Opóźnienia, brak kontaktu, zbywanie klienta.",
    "Nikt na infolinii nie potrafi powiedzieć, gdzie jest moja paczka.",
    "Aplikacja pokazuje, że produkt jest dostępny, a po zamówieniu okazuje się, że nie ma.",
    "Dostawa miała być w piątek, przyszła w środę następnego tygodnia.",
    "Czekam na zwrot pieniędzy od 25 dni, choć regulamin mówi o 14.",
    "Długo, drogo i bez przeprosin.",
    "Kolejka do kasy na 20 minut, otwarta jedna kasa na cały sklep.",
    "Sprzedawca w sklepie kompletnie nie znał produktu i wprowadził mnie w błąd.",
    "Nie działa logowanie przez Google, a reset hasła nie przychodzi na maila.",
    "Ciągle dostaję SMS-y i maile z reklamami, mimo że wypisałem się z newslettera.",
    "Po aktualizacji aplikacja nie pokazuje historii zamówień.",
    "Infolinia: \"Twoje połączenie jest dla nas ważne\" przez 50 minut. Dziękuję, postoję.",
    "Reklamacja to droga przez mękę — trzy maile, dwa telefony i nadal nic.",
    "opoznienie dostawy, brak info, nie polecam",
    "Produkt fajny, ale dostawa trwała 12 dni, więc więcej nie zamówię.",
    "Kurier zostawił paczkę pod klatką, ktoś ją ukradł, a Wy umywacie ręce.",
    "Nie dotarła część zamówienia, a infolinia każe czekać.",
    "Ceny w aplikacji inne niż w koszyku, przy płatności nagle drożej.",
    "Ukryte opłaty za \"obsługę płatności\" — pierwszy raz widzę coś takiego.",
    "Zamówienie utknęło w magazynie na tydzień.",
    "Kurier przyjechał o 22, a potem jeszcze był opryskliwy.",
    "Od miesiąca próbuję zwrócić wadliwy odkurzacz. Nie polecam.",
    "Aplikacja ciągle wylogowuje i gubi zawartość koszyka.",
    "Na czacie bot odsyła do FAQ, a z człowiekiem nie da się połączyć.",
    "Po 3 tygodniach dostałem nie ten model, który zamówiłem.",
    "Strona internetowa wiesza się przy finalizacji zamówienia, błąd 500.",
    "Nie odpowiadacie na reklamacje, zgłoszę sprawę do rzecznika konsumentów.",
    "Cena niby niska, ale z dostawą i \"opłatą serwisową\" wyszło drożej niż gdzie indziej.",
    "Infolinia czynna do 18, a i tak nikt nie odbiera.",
    "Beznadziejnie",
    "Obiecany kontakt w sprawie reklamacji w 48h, minęły 2 tygodnie.",
    "Zwrot w sklepie stacjonarnym niemożliwy, bo kupione online. Absurd.",
    "Paczka zgubiona przez kuriera, a Wy każecie mi samemu to wyjaśniać.",
    "Brak kontaktu z obsługą, maile wracają z automatu.",
    "Przy płatności BLIK pobrało pieniądze, a zamówienie się nie złożyło.",
    "Ankieta za długa 🙄 a na reklamację nadal brak odpowiedzi.",
    "Po co mi ta ankieta, skoro na reklamację nie odpowiadacie?",
    "Dostawa opóźniona, a kurier nawet nie zadzwonił.",
    "PRZEZ WAS SPÓŹNIŁEM SIĘ Z PREZENTEM. NIGDY WIĘCEJ.",
    "Zepsuta aplikacja, nie da się wybrać paczkomatu.",
    "Produkt przyszedł używany, z rysami, a był sprzedawany jako nowy.",
    "Sprzedawcy w sklepie zajęci rozmową między sobą, klient ich nie interesuje.",
    "Brudno w sklepie, kartony na przejściach, nie da się przejść z wózkiem.",
    "Zamówienie \"w drodze\" od 8 dni. Infolinia: proszę czekać.",
    "Nie da się zrezygnować z newslettera, link w mailu nie działa.",
    "Po co zbieracie zgodę na wszystko, żeby tylko założyć konto?",
    "nie polecam",
    "REKLAMACJA ODRZUCONA, INFOLINIA NIE ODBIERA, APLIKACJA NIE DZIAŁA. TRAGEDIA 😡😡😡",
    "aplikacja sie wysypuje przy platnosci blikiem, porazka",
    "czekalam na infolinii pol godziny i sie rozlaczylo",
    "dostwa spózniona o tydzien, zadnej informacji",
    "Reklamacja: złożona 3 tyg. temu; odpowiedź: brak; kontakt: brak.",
    "Infolinia; czat; mail — wszędzie cisza, nikt nie odpowiada.",
    "1. Dostawa spóźniona 6 dni\n2. Paczka zgnieciona\n3. Infolinia nie odbiera\nNie polecam.",
    "Zamówienie przyszło po 9 dniach.\n\nWięcej nie zamówię.",
    (
        "Zamówiłem telewizor 15 stycznia z deklarowaną dostawą w 48 godzin. Po tygodniu status nadal "
        "\"w przygotowaniu\". Dzwoniłem na infolinię cztery razy, za każdym razem czekałem ponad 30 minut, "
        "a konsultanci mówili co innego: raz że towar jest w magazynie, raz że go nie ma. W końcu "
        "zamówienie anulowano bez mojej zgody, a zwrot pieniędzy trwał kolejne 12 dni. Nigdy więcej "
        "u Was nie kupię i odradzę wszystkim znajomym."
    ),
    (
        "Reklamacja ekspresu do kawy: oddałem w sklepie 3 lutego, dostałem potwierdzenie, że serwis "
        "odpowie w 14 dni. Po miesiącu cisza, więc dzwonię — czekam 45 minut, pani mówi, że nie widzi "
        "zgłoszenia w systemie. Musiałem wysłać skan dowodu zakupu mailem, po czym dostałem automatyczną "
        "odpowiedź, że reklamacja została odrzucona, bo \"uszkodzenie mechaniczne\". Ekspres nawet nie "
        "spadł ze stołu. Jestem bardzo rozczarowany podejściem do klienta."
    ),
    (
        "Aplikacja mobilna to porażka. Po ostatniej aktualizacji nie mogę się zalogować, reset hasła nie "
        "działa, a kiedy w końcu udało się wejść przez przeglądarkę, koszyk był pusty. Próbowałem zapłacić "
        "BLIKiem trzy razy, za każdym razem błąd, a pieniądze zablokowane na koncie. Na czacie bot odsyła "
        "do FAQ. Kupiłem w końcu u konkurencji, gdzie wszystko zajęło dwie minuty. Szkoda, bo kiedyś "
        "lubiłem u Was kupować."
    ),
    "Proszę o kontakt w sprawie reklamacji: jan.kowalski1985@gmail.com, tel. +48 601 234 567",
    "Czekam na zwrot na konto PL61 1090 1014 0000 0712 1981 2874 od 3 tygodni!!!",
    "Podałem PESEL 44051401458 przy zakupie na raty i nadal nie mam umowy ani kontaktu.",
    "Zadzwońcie do mnie 601-234-567, bo na infolinii nie da się dodzwonić.",
    "Zdjęcia uszkodzonej paczki wrzuciłem tu: https://imgur.com/a/Xk3p9Qz - kurier się wyparł.",
    "Zamówienie nr 2025/01/44581 nadal nie dotarło, kontakt: k.zielinska@wp.pl",
    "Kontakt tylko przez formularz, który nie działa. Mój numer 505 123 456, czekam na telefon.",
]

EN_PRO = [
    "Fast delivery and great prices, will definitely shop here again.",
    "Staff at the Warsaw store were super helpful, one guy spoke perfect English.",
    "No complaints, everything arrived the next day.",
    "Great price on the TV, cheaper than anywhere else I checked.",
    "Easy ordering, quick delivery 👍",
    "The lady at the checkout was really friendly and helped me sign up for the loyalty card.",
    "Very quick delivery, well packed.",
    "Good prices and the app is easy to use even without speaking Polish.",
    "Helpful staff, explained the warranty options in English.",
    "Ordered on Sunday, got it Monday. Amazing.",
    "Excellent customer service on the chat, sorted my address change in 2 minutes.",
    "Best electronics store in Kraków in my opinion.",
    "great",
    "Cheap and fast.",
    "Courier was polite and carried the fridge upstairs.",
    "Everything was smooth, from ordering to delivery.",
    "Good deals during the spring sale, saved almost 300 zł.",
    "The click & collect option is brilliant, ready in an hour.",
    "Friendly and knowledgeable staff, no pushy upselling.",
    "Super fast shipping!!!",
    "I was impressed by how quickly the parcel arrived.",
    "Great value for money.",
    "Refund was processed within two days, very fair.",
    "Really helpful guy in the TV section, spent 20 mins with me.",
    "good prices, fast delivery, what else do you need",
    "Love the app, so easy to track my order ❤️",
    "Prices lower than the other shops in town and delivery was next day.",
    "Always reliable, been shopping here since I moved to Poland.",
    "Quick delivery, product exactly as described.",
    "The installer who set up my washing machine was very professional.",
    "no complaints at all",
    "Friendly staff, clean store, short queue.",
    "Fast and cheap, 10/10",
    "Delivery was quicker than promised and the courier called ahead.",
    "delivry was fast, gret prices",
    "Price: great; delivery: next day; staff: lovely.",
    (
        "I moved to Wrocław last year and was a bit nervous about buying a laptop without speaking much "
        "Polish, but the staff member switched to English straight away, compared three models for me, "
        "pointed out which one had the Polish keyboard layout and which had a US one, and even helped me "
        "set up the instalment plan. Delivery to my flat was the next morning. Honestly a better "
        "experience than I have had back home."
    ),
]

EN_PAS = [
    "Great price but the courier was rude.",
    "Product is fine, delivery took a bit longer than expected.",
    "OK overall, but the website is only partly translated into English.",
    "Decent prices; the queue at the checkout was long though.",
    "Good store but too many marketing emails.",
    "Delivery was fine but the box was slightly damaged.",
    "Staff were friendly but couldn't answer technical questions.",
    "Not bad, not great.",
    "App works but keeps sending notifications in Polish even though I set English.",
    "Fine, but the survey is way too long.",
    "The product description said 4K HDR10+ but it's only HDR10, a bit misleading.",
    "Good service, shame about the parking.",
    "Everything arrived, but tracking didn't update for two days.",
    "Reasonable prices, average service.",
    "Good, but the delivery fee is a bit steep for small orders.",
    "Delivery ok, the invoice took a week to arrive.",
    "it was fine i guess",
    "Fast delivery, but why do I need to accept 5 consents to create an account?",
    "Good product.\nDelivery was a day late.",
]

EN_DET = [
    "Waited 45 minutes on the hotline and gave up.",
    "Delivery was a week late and no one told me anything.",
    "The return process is a nightmare, still waiting for my refund after 3 weeks.",
    "App keeps crashing at checkout.",
    "Not worth it. Delays and terrible communication.",
    "Hotline only in Polish and they hung up on me.",
    "WORST CUSTOMER SERVICE EVER. NOBODY ANSWERS THE PHONE.",
    "My complaint was rejected without any explanation.",
    "Parcel arrived damaged and you want me to pay for the return shipping??",
    "Couldn't pay with BLIK, the app just froze, money was taken anyway.",
    "Order stuck 'in preparation' for 6 days.",
    "The courier never showed up and marked it as 'recipient absent'.",
    "Charged twice for the same order 😡",
    "Can't log into the app after the update, password reset email never arrives.",
    "Warranty repair has taken 5 weeks so far. Unacceptable.",
    "Hidden fees at checkout, the price jumped by 30 zł.",
    "would not recommend",
    "Delivery delayed three times, each time with a new excuse.",
    "Chatbot is useless and there's no way to reach a human.",
    "Return in store refused because I bought online. Ridiculous.",
    "Waited forever on the phone just to be told to send an email.",
    "Promised 24h delivery, took 9 days.",
    "Spam, spam, spam. Unsubscribed twice and still getting texts.",
    "The app shows items in stock, then cancels the order a day later.",
    "Refund still not here. Not happy.",
    "Store staff ignored me for 15 minutes.",
    "terrible app, terrible delivery",
    "Good product, but delivery took 10 days so not recommending.",
    "Pros: price\nCons: delivery delay, no tracking updates, rude courier",
    "Please contact me at mark.thompson@outlook.com regarding my refund, your hotline is useless.",
    "Call me on +48 512 345 678, I've been trying to reach you for a week.",
    (
        "I ordered a fridge in February with delivery promised within 3 working days. It was "
        "rescheduled twice, the courier finally showed up at 9pm without calling, refused to bring it "
        "upstairs even though I paid for the carrying service, and left it in the stairwell. When I "
        "called customer service I waited 50 minutes and the agent just said she would pass it on. "
        "Three weeks later there is still no refund of the carrying fee. Very disappointed."
    ),
]

# (text, language, group)
OTHER = [
    ("Schnelle Lieferung und gute Preise, sehr zufrieden.", "de", "pro"),
    ("Freundliches Personal, hat mir auf Englisch und Deutsch geholfen.", "de", "pro"),
    ("Alles bestens, gerne wieder!", "de", "pro"),
    ("Gute Preise, aber die Lieferung hat etwas länger gedauert.", "de", "pas"),
    ("Ganz okay, die App ist leider nur auf Polnisch.", "de", "pas"),
    ("Lieferung kam eine Woche zu spät, Hotline nicht erreichbar.", "de", "det"),
    ("Reklamation dauert schon über einen Monat. Sehr enttäuschend.", "de", "det"),
    ("Die App stürzt beim Bezahlen ständig ab.", "de", "det"),
    ("Швидка доставка і хороші ціни, дякую!", "uk", "pro"),
    ("Дуже привітний персонал, допомогли вибрати пральну машину.", "uk", "pro"),
    ("Все супер, рекомендую 👍", "uk", "pro"),
    ("Vse dobre, shvydka dostavka, diakuiu", "uk", "pro"),
    ("Загалом добре, але доставка трохи затрималася.", "uk", "pas"),
    ("Чекала на гарячій лінії 40 хвилин, ніхто не відповів.", "uk", "det"),
    ("Повернення грошей триває вже три тижні.", "uk", "det"),
    ("Dostavka duzhe dovho, ne rekomenduiu", "uk", "det"),
    ("Rychlé doručení a skvělé ceny, doporučuji.", "cs", "pro"),
    ("Velmi ochotný personál, poradili mi s výběrem televize.", "cs", "pro"),
    ("Všechno v pořádku, spokojenost.", "cs", "pro"),
    ("Zboží v pořádku, ale doprava byla drahá.", "cs", "pas"),
    ("Dobré, ale aplikace je jen polsky.", "cs", "pas"),
    ("Zásilka přišla poškozená a reklamace trvá věčnost.", "cs", "det"),
    ("Na zákaznické lince jsem čekal půl hodiny.", "cs", "det"),
]

# Junk / non-answers: (text, language, how many rows).  Scores drawn at random.
MESS = [
    ("", "-", 9),
    ("brak", "pl", 4),
    ("Brak", "pl", 1),
    ("-", "-", 4),
    (".", "-", 3),
    ("nie wiem", "pl", 3),
    ("nic", "pl", 3),
    ("brak uwag", "pl", 2),
    ("n/a", "en", 3),
    ("N/A", "en", 1),
    ("no comment", "en", 3),
    ("...", "-", 1),
]

# Extra rows re-using pool verbatims with small variations (lang, group): count.
EXTRA = {
    ("pl", "pro"): 36,
    ("pl", "pas"): 24,
    ("en", "pro"): 12,
    ("en", "pas"): 9,
}

SUFFIX = {
    ("pl", "pro"): [" Polecam!", " 👍", " Dzięki!", " Pozdrawiam.", "!!"],
    ("pl", "pas"): [" Tyle.", " Pozdrawiam.", " Ogólnie ok."],
    ("pl", "det"): [" Nie polecam.", " 😡", "!!!", " Masakra."],
    ("en", "pro"): [" Thanks!", " 👍", " Recommended.", "!!"],
    ("en", "pas"): [" That's all.", " Overall ok."],
    ("en", "det"): [" Not impressed.", " 😡", "!!!"],
}

SCORE_WEIGHTS = {
    "pro": {9: 45, 10: 55},
    "pas": {7: 42, 8: 58},
    "det": {0: 10, 1: 6, 2: 8, 3: 11, 4: 12, 5: 21, 6: 32},
}
GROUP_WEIGHTS = {"pro": 45, "pas": 25, "det": 30}

CHANNELS = ["sklep internetowy", "aplikacja mobilna", "sklep stacjonarny", "infolinia"]
CHANNEL_WEIGHTS = [52, 22, 20, 6]
REGIONS = {
    "mazowieckie": 25,
    "śląskie": 14,
    "małopolskie": 13,
    "wielkopolskie": 12,
    "dolnośląskie": 12,
    "pomorskie": 9,
    "łódzkie": 8,
    "zachodniopomorskie": 7,
}

APP_WORDS = ("aplikacj", "appk", "app ", "app,", "app.", "the app", "blik", "zalogowa", "wylogow", "log into")
STORE_WORDS = ("w sklepie", "sklepu stacjonar", "sklep stacjonar", "kasy", "kasie", "kolejk", "sprzedawc",
               "ekspedient", "store", "checkout", "queue", "salon", "parking", "doradca", "personel",
               "staff", "personál", "personal", "w galerii", "odbiór w sklepie")
HOTLINE_WORDS = ("infolini", "hotline", "konsultant", "on the phone", "dodzwoni", "lince", "гарячій")


def strip_diacritics(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def add_typo(text: str, rng: random.Random) -> str:
    idx = [i for i in range(len(text) - 1) if text[i].isalpha() and text[i + 1].isalpha()]
    if not idx:
        return text
    i = rng.choice(idx)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def vary(text: str, lang: str, group: str, rng: random.Random) -> str:
    """A light variation of a verbatim, as real respondents repeat themselves."""
    kind = rng.choice(["suffix", "suffix", "lower", "typo", "nodiac" if lang == "pl" else "suffix"])
    if kind == "suffix":
        suffix = rng.choice(SUFFIX[(lang, group)])
        base = text.rstrip()
        if base.endswith(suffix.strip()):
            return base.lower()
        if suffix.startswith("!"):
            base = base.rstrip(".!")
        elif base[-1].isalnum():
            base += "."
        return base + suffix
    if kind == "lower":
        return text.lower().rstrip(".!")
    if kind == "typo":
        return add_typo(text, rng)
    return strip_diacritics(text).lower()


def pick_channel(text: str, rng: random.Random) -> str:
    low = text.lower()
    if any(w in low for w in APP_WORDS) and rng.random() < 0.8:
        return "aplikacja mobilna"
    if any(w in low for w in HOTLINE_WORDS) and rng.random() < 0.55:
        return "infolinia"
    if any(w in low for w in STORE_WORDS) and rng.random() < 0.8:
        return "sklep stacjonarny"
    return rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0]


def weighted(rng: random.Random, table: dict):
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def build_rows(rng: random.Random) -> list[dict]:
    pools = {
        ("pl", "pro"): PL_PRO, ("pl", "pas"): PL_PAS, ("pl", "det"): PL_DET,
        ("en", "pro"): EN_PRO, ("en", "pas"): EN_PAS, ("en", "det"): EN_DET,
    }
    items: list[tuple[str, str, str]] = []  # (text, lang, group)
    for (lang, group), pool in pools.items():
        items += [(t, lang, group) for t in pool]
    items += list(OTHER)
    for (lang, group), n in EXTRA.items():
        pool = pools[(lang, group)]
        for t in rng.sample(pool, n):
            if len(t) > 200 or "\n" in t or "@" in t:
                t = rng.choice([p for p in pool if len(p) < 120 and "\n" not in p and "@" not in p])
            items.append((vary(t, lang, group, rng), lang, group))
    for text, lang, n in MESS:
        for _ in range(n):
            items.append((text, lang, weighted(rng, GROUP_WEIGHTS)))

    rng.shuffle(items)

    # Timestamps spanning Jan-Jun 2025, sorted: IDs follow completion order.
    start = dt.datetime(2025, 1, 2)
    n_days = (dt.datetime(2025, 6, 30) - start).days + 1
    hour_w = [1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 9, 9, 9, 9, 9, 9, 10, 11, 12, 12, 11, 9, 6, 3]
    stamps = sorted(
        start + dt.timedelta(days=rng.randrange(n_days),
                             hours=rng.choices(range(24), weights=hour_w)[0],
                             minutes=rng.randrange(60), seconds=rng.randrange(60))
        for _ in items
    )

    rows = []
    for i, ((text, lang, group), ts) in enumerate(zip(items, stamps, strict=True), start=1):
        score = weighted(rng, SCORE_WEIGHTS[group])
        rows.append({
            "id": f"R{i:05d}", "ts": ts.strftime("%Y-%m-%d %H:%M:%S"),
            "channel": pick_channel(text, rng), "region": weighted(rng, REGIONS),
            "score": str(score), "text": text, "lang": lang, "group": group,
        })

    # Score-format oddities (valid ones must be accepted, invalid rejected).
    def take(pred):
        cands = [r for r in rows if pred(r) and r["score"].strip() == r["score"] and len(r["text"]) > 15]
        return rng.choice(cands)

    take(lambda r: r["score"] == "10")["score"] = "11"       # invalid: out of range
    take(lambda r: r["group"] == "pas")["score"] = ""        # invalid: missing
    for _ in range(2):
        take(lambda r: r["score"] == "9")["score"] = "9.0"
    for _ in range(2):
        take(lambda r: r["score"] == "8")["score"] = " 8 "
    take(lambda r: r["score"] == "6")["score"] = "6.0"
    return rows


def write_csv(df: pd.DataFrame) -> None:
    # newline="" so the CRLF terminator and in-field "\n" are written verbatim.
    with open(CSV_PATH, "w", encoding="cp1250", errors="replace", newline="") as fh:
        df.to_csv(fh, sep=";", index=False, lineterminator="\r\n")


def write_xlsx(df: pd.DataFrame) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Odpowiedzi"
    ws.append(list(df.columns))
    for rec in df.itertuples(index=False):
        ws.append([v if v != "" else None for v in rec])
    for col, width in zip("ABCDEF", (14, 20, 20, 20, 14, 90), strict=True):
        ws.column_dimensions[col].width = width
    fixed = dt.datetime(2025, 7, 1, 8, 0, 0)
    wb.properties.creator = "Webankieta"
    wb.properties.created = fixed
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps "now" into docProps/core.xml and the zip entries; pin both
    # so the workbook is byte-for-byte reproducible as well.
    stamp = fixed.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            zi = zipfile.ZipInfo(info.filename, date_time=fixed.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, data)
    XLSX_PATH.write_bytes(out.getvalue())


def main() -> None:
    rng = random.Random(SEED)
    rows = build_rows(rng)
    df = pd.DataFrame(
        [[r["id"], r["ts"], r["channel"], r["region"], r["score"], r["text"]] for r in rows],
        columns=COLUMNS, dtype=object,
    )
    write_csv(df)
    write_xlsx(df)
    print(f"wrote {len(df)} rows -> {CSV_PATH.name}, {XLSX_PATH.name}")


if __name__ == "__main__":
    main()
