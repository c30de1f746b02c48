import ShopDeskServer
print("shopdesk")
